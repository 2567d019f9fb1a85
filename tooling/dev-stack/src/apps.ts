import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findRepoRoot } from '@repo/local-dev';
import type { LineFormatter } from './app-output';
import { stopProcessGroup } from './process-group';
import type { Reaper } from './reaper';

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
  /** Rewrites (or, returning undefined, drops) each line the app prints. */
  format?: LineFormatter;
  /** Told the group, to stop it should this process die without stopping it. */
  reaper?: Reaper;
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
  if (child.pid !== undefined) options.reaper?.watch(child.pid);
  let stopping = false;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      // Once we stop it, its complaints about being stopped are noise.
      if (stopping) return;
      const shown = options.format ? options.format(line) : line;
      if (shown !== undefined) options.log(`[${options.name}] ${shown}`);
    });
  }
  return {
    name: options.name,
    stop: async () => {
      stopping = true;
      if (child.pid !== undefined) await stopProcessGroup(child.pid);
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

/** Resolves once `url` answers with any HTTP status, or rejects after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
