/**
 * A process group is what an app's command becomes (pnpm → sh → tsx watch → node, or next dev →
 * next-server): stopping only its leader leaves the rest running and holding the port, so every
 * stop here is for the whole group, and waits until the group is empty.
 */

/** Whether any process of group `pgid` still exists. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours to signal (it cannot be one we started).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM to the group, SIGKILL to whatever is left after `graceMs`; resolves once no process of
 * the group is left (or a moment after SIGKILL, for zombies their new parent has yet to reap).
 */
export async function stopProcessGroup(pgid: number, graceMs = 5_000): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  const killAt = Date.now() + graceMs;
  const giveUpAt = killAt + 2_000;
  let killed = false;
  while (groupAlive(pgid) && Date.now() < giveUpAt) {
    if (!killed && Date.now() >= killAt) {
      signalGroup(pgid, 'SIGKILL');
      killed = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
