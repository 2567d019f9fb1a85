import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findRepoRoot } from '@repo/database/embedded';

export interface AppProcess {
  name: string;
  stop(): Promise<void>;
}

/**
 * Runs a workspace package's script with pnpm (the same pnpm that runs this, so no global install
 * is needed), prefixing its output with the app's name.
 */
export function runPackageScript(options: {
  name: string;
  packageName: string;
  script: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  log: (line: string) => void;
}): AppProcess {
  const [command, commandArgs] = pnpmCommand([
    '--filter',
    options.packageName,
    'run',
    options.script,
  ]);
  const child = spawn(command, commandArgs, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stopping it stops what it started
  });
  let stopping = false;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      // Once we stop it, its complaints about being stopped are noise.
      if (!stopping) options.log(`[${options.name}] ${line}`);
    });
  }
  return {
    name: options.name,
    stop: () => {
      stopping = true;
      return stopProcessGroup(child);
    },
  };
}

/**
 * The pnpm that runs us (npm_execpath: a JS entry or a native binary), or else the version the
 * repository pins, through npx, so no global pnpm is needed either way.
 */
export function pnpmCommand(args: string[]): [string, string[]] {
  const running = process.env.npm_execpath;
  if (running && /pnpm/.test(running)) {
    return /\.[cm]?js$/.test(running) ? [process.execPath, [running, ...args]] : [running, args];
  }
  const { packageManager } = JSON.parse(
    readFileSync(join(findRepoRoot(), 'package.json'), 'utf8'),
  ) as {
    packageManager: string;
  };
  return ['npx', ['-y', packageManager, ...args]];
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => kill(child.pid!, 'SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    kill(child.pid!, 'SIGTERM');
  });
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Resolves once `url` answers with any HTTP status, or rejects after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
