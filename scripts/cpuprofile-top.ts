/**
 * Prints the functions with the most self time in a V8 `.cpuprofile` (as written by
 * `node --cpu-prof`), with their share of the samples: a quick look at a hot path without
 * opening DevTools.
 *
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/store-bench.ts --n 5000
 *   npx tsx scripts/cpuprofile-top.ts /tmp/prof/CPU.*.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  /** Microseconds. */
  readonly startTime: number;
  readonly endTime: number;
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
const file = positionals[0];
if (file === undefined) throw new Error('usage: cpuprofile-top FILE.cpuprofile [--top N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map<string, number>();
for (const id of profile.samples) {
  const f = byId.get(id)?.callFrame;
  const name = f === undefined ? '?' : `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|bench|scripts|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
const total = profile.samples.length;
const msPerSample = (profile.endTime - profile.startTime) / 1000 / total;
process.stdout.write(`${total} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s\n`);
for (const [name, c] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  process.stdout.write(`${((100 * c) / total).toFixed(1).padStart(5)}% ${(c * msPerSample).toFixed(0).padStart(7)} ms  ${name}\n`);
}
