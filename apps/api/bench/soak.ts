/**
 * `pnpm bench:soak`: memory over a long run. The production API (built tree, `node`,
 * NODE_ENV=production) under `GET /v1/items?limit=20` from 32 connections for --minutes (default
 * 5) with tokens of 1,000 users; prints its RSS every 10 s and the growth from the first minute to
 * the last. A leak shows as steady growth; a plateau after the first minute is the heap settling.
 * Opt-in (it takes minutes); not a test: nothing asserts.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { METRICS_TOKEN, startProductionStack } from './production-stack';

const { values: args } = parseArgs({ options: { minutes: { type: 'string', default: '5' } } });
const SECONDS = Number(args.minutes) * 60;

const stack = await startProductionStack({ processes: 1 });
const api = stack.apis.api![0]!;
try {
  const idle = api.rssMiB();
  const samples: { at: number; rss: number; heap: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(async () => {
    const at = Math.round((Date.now() - started) / 1000);
    const rss = api.rssMiB();
    const heap = await heapUsedMiB(api.url);
    samples.push({ at, rss, heap });
    console.log(
      `${String(at).padStart(4)} s  RSS ${rss.toFixed(1)} MiB  V8 heap used ${heap.toFixed(1)} MiB`,
    );
  }, 10_000);
  let next = 0;
  const result = await autocannon({
    url: `${api.url}/v1/items?limit=20`,
    connections: 32,
    duration: SECONDS,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: {
            ...request.headers,
            authorization: `Bearer ${stack.tokens[next++ % stack.tokens.length]}`,
          },
        }),
      },
    ],
  });
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const first = mean(samples.filter((s) => s.at <= 60).map((s) => s.rss));
  const last = mean(samples.filter((s) => s.at > SECONDS - 60).map((s) => s.rss));
  // The heap after a minute of load vs the last minute: live objects, not what V8 keeps reserved.
  const heapFirst = mean(samples.filter((s) => s.at > 60 && s.at <= 120).map((s) => s.heap));
  const heapLast = mean(samples.filter((s) => s.at > SECONDS - 60).map((s) => s.heap));
  console.log(
    `\n${result.requests.total} requests in ${SECONDS} s (${result.requests.average.toFixed(0)} req/s), non-2xx/errors ${result.non2xx + result.errors}`,
  );
  console.log(
    `V8 heap used: second minute mean ${heapFirst.toFixed(1)} MiB, last minute mean ${heapLast.toFixed(1)} MiB (growth ${(heapLast - heapFirst).toFixed(1)} MiB)`,
  );
  console.log(
    `RSS: idle ${idle.toFixed(0)} MiB; first minute mean ${first.toFixed(1)} MiB, last minute mean ${last.toFixed(1)} MiB (growth ${(last - first).toFixed(1)} MiB, ${((100 * (last - first)) / first).toFixed(1)} %); idle after ${api.rssMiB().toFixed(0)} MiB`,
  );
} finally {
  await stack.stop();
}

/** nodejs_heap_size_used_bytes from the API's /metrics (prom-client's default Node metrics). */
async function heapUsedMiB(url: string): Promise<number> {
  const res = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  }).catch(() => undefined);
  const text = res?.ok ? await res.text() : '';
  const bytes = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
  return bytes / 2 ** 20;
}
