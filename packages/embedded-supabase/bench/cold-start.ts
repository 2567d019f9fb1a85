/**
 * Cold start: from nothing (installed package, empty temporary data folder) to a healthy
 * /auth/v1/health. Run: npx tsx bench/cold-start.ts [runs]
 */
import { startEmbeddedSupabase } from '../src/index';

const runs = Number(process.argv[2] ?? 3);
const timings: number[] = [];

for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const instance = await startEmbeddedSupabase({ ports: { api: 0, db: 0, mail: 0, smtp: 0 } });
  for (;;) {
    const health = await fetch(`${instance.url}/auth/v1/health`, {
      headers: { apikey: instance.keys.anon },
    }).catch(() => undefined);
    if (health?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  timings.push(performance.now() - started);
  await instance.stop();
}

const sorted = [...timings].sort((a, b) => a - b);
console.log(
  `cold start (empty data folder → healthy /auth/v1/health), ${runs} runs: ` +
    `median ${Math.round(sorted[Math.floor(runs / 2)]!)} ms, ` +
    `min ${Math.round(sorted[0]!)} ms, max ${Math.round(sorted[runs - 1]!)} ms`,
);
