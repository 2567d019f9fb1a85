/**
 * Reads a V8 `.cpuprofile` of the bundled API (`node --cpu-prof`), maps each frame back to its
 * source through the bundle's source map (Node's own SourceMap, no extra tool), and returns a text
 * summary: self time by package or source area, and the top functions. Also writes the folded
 * stacks (`<profile>.folded`, one line per stack: `a;b;c count`) that flamegraph.pl, speedscope or
 * inferno turn into a flame graph.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const maps = new Map<string, SourceMap | undefined>();

function sourceMapFor(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    let map: SourceMap | undefined;
    try {
      const file = `${fileURLToPath(url)}.map`;
      if (existsSync(file)) map = new SourceMap(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      map = undefined;
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** "hono", "postgres", "apps/api/src/…": where a frame's code comes from. */
function areaOf(source: string): string {
  // pnpm's store folder names the package even when its own source map drops the name.
  const store = /node_modules\/\.pnpm\/(@[^+/]+\+[^@/]+|[^@/]+)@/.exec(source);
  if (store) return store[1]!.replace('+', '/');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  const ours = /(apps\/[^/]+\/src|packages\/[^/]+\/src)\/(.*)$/.exec(source);
  if (ours) return `${ours[1]}/${ours[2]}`;
  if (source.startsWith('node:')) return 'node (runtime)';
  return source || '(native)';
}

function frameName(node: ProfileNode): { name: string; area: string } {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const fn = functionName || '(anonymous)';
  if (!url) return { name: fn, area: fn.startsWith('(') ? fn : '(native)' };
  if (!url.startsWith('file:'))
    return { name: fn, area: url.startsWith('node:') ? 'node (runtime)' : url };
  const entry = sourceMapFor(url)?.findEntry(lineNumber, columnNumber);
  const source = entry && 'originalSource' in entry ? entry.originalSource : url;
  return { name: fn, area: areaOf(source) };
}

export function summariseProfile(path: string, top = 25): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const names = new Map(profile.nodes.map((n) => [n.id, frameName(n)]));

  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfByNode.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfByNode]
    .filter(([id]) => names.get(id)?.name === '(idle)')
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const folded = new Map<string, number>();
  for (const [id, time] of selfByNode) {
    const { name, area } = names.get(id)!;
    if (name === '(idle)') continue;
    byArea.set(area, (byArea.get(area) ?? 0) + time);
    const key = `${name} [${area}]`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + time);
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = names.get(at)!;
      if (byId.get(at)?.callFrame.functionName === '(root)') break;
      stack.push(`${frame.name} [${frame.area}]`.replaceAll(';', ','));
    }
    const line = stack.reverse().join(';');
    folded.set(line, (folded.get(line) ?? 0) + Math.round(time / 1000));
  }
  writeFileSync(
    `${path}.folded`,
    [...folded]
      .filter(([, ms]) => ms > 0)
      .map(([stack, ms]) => `${stack} ${ms}`)
      .join('\n'),
  );

  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, t]) => `  ${pct(t)}  ${k}`);
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled; self time by area:`,
    ...rows(byArea),
    'top functions (self time):',
    ...rows(byFunction),
    `folded stacks (ms): ${path}.folded`,
  ].join('\n');
}

// `tsx bench/profile-summary.ts <file.cpuprofile>`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const file of process.argv.slice(2)) console.log(summariseProfile(file));
}
