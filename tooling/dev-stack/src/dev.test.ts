import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, freePort } from '@repo/local-dev';
import { afterAll, describe, expect, onTestFinished, test } from 'vitest';
import { pnpmCommand } from './apps';
import { canListen } from './ports';

// `pnpm dev` as a developer runs it, real processes and all, stopped the ways it gets stopped:
// each case counts the processes it had started that are still alive 15 s later, and checks its
// ports are free again.

const root = findRepoRoot();
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

interface Dev {
  child: ChildProcess;
  ports: number[];
  output(): string;
  exited: Promise<number | null>;
}

function freePorts(): Promise<number[]> {
  return Promise.all([freePort(), freePort(), freePort(), freePort()]);
}

/** `pnpm dev` on its own ports (api, web, Supabase, PostgreSQL) and data folder. */
async function startDev(ports?: number[]): Promise<Dev> {
  const [api, web, supabase, db] = ports ?? (await freePorts());
  const dataDir = mkdtempSync(join(tmpdir(), 'dev-stack-test-'));
  dataDirs.push(dataDir);
  const [command, args] = pnpmCommand(['dev']);
  const child = spawn(command, args, {
    cwd: root,
    // Its own process group, as a terminal or a process manager would start it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      API_PORT: String(api),
      WEB_PORT: String(web),
      SUPABASE_URL: `http://127.0.0.1:${supabase}`,
      DATABASE_URL: `postgresql://postgres:postgres@127.0.0.1:${db}/postgres`,
      DEV_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  onTestFinished(() => {
    // A case that failed before stopping it leaves nothing running for the next.
    for (const pid of child.pid ? descendants(child.pid) : []) killNow(pid);
  });
  return { child, ports: [api!, web!, supabase!, db!], output: () => output, exited };
}

async function waitFor(dev: Dev, pattern: RegExp, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(dev.output())) {
    if (dev.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`pnpm dev never printed ${pattern}. Output:\n${dev.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `pid` and every process below it, now (Linux /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all: number[] = [];
  const visit = (p: number) => {
    all.push(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  if (existsSync(`/proc/${pid}`)) visit(pid);
  return all;
}

function killNow(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function leftAfter(dev: Dev, stop: () => void): Promise<{ left: string[]; busy: number[] }> {
  const started = descendants(dev.child.pid!);
  onTestFinished(() => {
    for (const pid of started) if (running(pid)) killNow(pid); // even when the case failed
  });
  expect(started.length).toBeGreaterThan(5); // pnpm, the stack, Postgres, API and web groups
  stop();
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  const left = started
    .filter(running)
    .map((pid) => `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')}`);
  const busy: number[] = [];
  for (const port of dev.ports) if (!(await canListen(port))) busy.push(port);
  return { left, busy };
}

describe('pnpm dev stops everything it started', () => {
  test('SIGTERM to its process group (a process manager, an IDE stop button)', async () => {
    const dev = await startDev();
    await waitFor(dev, /^Ready in/m);
    const { left, busy } = await leftAfter(dev, () => process.kill(-dev.child.pid!, 'SIGTERM'));
    expect({ left, busy }).toEqual({ left: [], busy: [] });
    expect(dev.output()).toContain('Stopping (SIGTERM)');
    expect(dev.output()).toContain('Stopped.');
  });

  test('SIGHUP to its process group while still starting (a terminal closed)', async () => {
    const dev = await startDev();
    await waitFor(dev, /\[api\]/); // the API's process is up; the web app is on its way
    const { left, busy } = await leftAfter(dev, () => process.kill(-dev.child.pid!, 'SIGHUP'));
    expect({ left, busy }).toEqual({ left: [], busy: [] });
    expect(dev.output()).toContain('Stopping (SIGHUP)');
  });

  test('its parent pnpm killed outright (SIGKILL: no chance to pass anything on)', async () => {
    const dev = await startDev();
    await waitFor(dev, /^Ready in/m);
    const { left, busy } = await leftAfter(dev, () => process.kill(dev.child.pid!, 'SIGKILL'));
    expect({ left, busy }).toEqual({ left: [], busy: [] });
  });

  test('SIGINT to the stack process stops it cleanly: pnpm dev exits 0', async () => {
    const dev = await startDev();
    await waitFor(dev, /^Ready in/m);
    // The node process itself, not the `sh -c` pnpm runs it through.
    const stack = descendants(dev.child.pid!).find((pid) => {
      const [program, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return /node$/.test(program!) && args.includes('tooling/dev-stack/src/dev.ts');
    });
    expect(stack).toBeDefined();
    const { left, busy } = await leftAfter(dev, () => process.kill(stack!, 'SIGINT'));
    expect({ left, busy }).toEqual({ left: [], busy: [] });
    expect(await dev.exited).toBe(0);
  });
});

describe('pnpm dev stopped with Ctrl-C', () => {
  test('SIGINT to the whole foreground group, PostgreSQL included: stops, exits 0, no ELIFECYCLE', async () => {
    const dev = await startDev();
    await waitFor(dev, /^Ready in/m);
    // A terminal's Ctrl-C signals every process of its foreground group at once: pnpm, the stack
    // and the stack's PostgreSQL (the app servers have groups of their own).
    const { left, busy } = await leftAfter(dev, () => process.kill(-dev.child.pid!, 'SIGINT'));
    expect({ left, busy }).toEqual({ left: [], busy: [] });
    const ending = dev.output().slice(dev.output().lastIndexOf('Stopping'));
    expect(ending).toMatch(/^Stopping \(SIGINT\)…\nStopped\.\n$/);
    expect(dev.child.signalCode).toBeNull();
    expect(await dev.exited).toBe(0);
  });
});

describe('pnpm dev with a port already taken', () => {
  let holder: Server | undefined;
  afterAll(() => holder?.close());

  test('says which port, what for and which process holds it, and starts nothing', async () => {
    const ports = await freePorts();
    const web = ports[1]!;
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(web, '127.0.0.1', resolve));

    const second = await startDev(ports);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain('Cannot start: a port the app needs is in use.');
    expect(second.output()).toContain(
      `${web}  wanted for the web app (WEB_PORT): taken by pid ${process.pid}`,
    );
    expect(second.output()).not.toContain('[api]');
  });
});
