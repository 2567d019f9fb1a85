import { type ChildProcess, spawn } from 'node:child_process';

export interface NodeProcess {
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts `node <script>` the way a container's CMD would: plain node, only the given env. */
export function runNode(script: string, env: Record<string, string>, cwd: string): NodeProcess {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls `url` until it answers (any status), failing with the process output after `timeoutMs`. */
export async function waitUntilAnswering(
  url: string,
  proc: NodeProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} never answered. Process output:\n${proc.output()}`);
}
