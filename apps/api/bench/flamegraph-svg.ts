/**
 * `pnpm bench:flamegraph <profile.folded> <out.svg> [title]`: draws folded stacks (written by
 * profile-summary.ts) as a flame graph: one box per frame, width = share of CPU time, callers
 * below callees, colour by where the code comes from. Frames under 0.3 % are left out.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Frame {
  name: string;
  ms: number;
  children: Map<string, Frame>;
}

const [input, output, title = 'API CPU profile'] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: flamegraph-svg.ts <folded> <out.svg> [title]');

const root: Frame = { name: 'all', ms: 0, children: new Map() };
for (const line of readFileSync(input, 'utf8').split('\n')) {
  const at = line.lastIndexOf(' ');
  if (at < 0) continue;
  const ms = Number(line.slice(at + 1));
  root.ms += ms;
  let node = root;
  for (const name of line.slice(0, at).split(';')) {
    let child = node.children.get(name);
    if (!child) {
      child = { name, ms: 0, children: new Map() };
      node.children.set(name, child);
    }
    child.ms += ms;
    node = child;
  }
}

const WIDTH = 1200;
const ROW = 16;
const boxes: string[] = [];
let depthMax = 0;
const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colour = (name: string) => {
  const area = /\[(.*)\]$/.exec(name)?.[1] ?? '';
  if (area.startsWith('apps/') || area.startsWith('packages/')) return '#e8743b';
  if (area === 'node (runtime)' || area === '(native)') return '#7eb0d5';
  if (area.includes('garbage')) return '#b2b2b2';
  return '#f2c14e';
};
function draw(frame: Frame, x: number, depth: number) {
  const width = (frame.ms / root.ms) * WIDTH;
  if (width < WIDTH * 0.003) return;
  depthMax = Math.max(depthMax, depth);
  const label = `${frame.name} (${((100 * frame.ms) / root.ms).toFixed(1)} %)`;
  const text = width > 40 ? escapeXml(label).slice(0, Math.floor(width / 6.5)) : '';
  boxes.push(
    `<g><title>${escapeXml(label)}</title><rect x="${x.toFixed(1)}" y="${depth}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${colour(frame.name)}"/><text x="${(x + 2).toFixed(1)}" y="${depth}">${text}</text></g>`,
  );
  let at = x;
  for (const child of [...frame.children.values()].sort((a, b) => b.ms - a.ms)) {
    draw(child, at, depth + 1);
    at += (child.ms / root.ms) * WIDTH;
  }
}
draw(root, 0, 0);
const height = (depthMax + 3) * ROW;
// Rows were drawn by depth; flip so the root is at the bottom, as flame graphs are read.
const svg = boxes
  .map((box) =>
    box
      .replace(/ y="(\d+)" width/, (_, d) => ` y="${height - (Number(d) + 2) * ROW}" width`)
      .replace(
        /<text x="([\d.]+)" y="(\d+)"/,
        (_, x, d) => `<text x="${x}" y="${height - (Number(d) + 2) * ROW + 11}"`,
      ),
  )
  .join('\n');
writeFileSync(
  output,
  `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="10">
<title>${escapeXml(title)}</title>
<text x="4" y="12" font-size="12">${escapeXml(title)}: ${root.ms} ms of CPU (hover a box for its share)</text>
${svg}
</svg>
`,
);
console.log(`${output}: ${boxes.length} frames`);
