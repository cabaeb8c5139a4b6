// src/shard is pure and deterministic (DESIGN.md §5 via issue 5: "no I/O, no clocks"): every
// node must route an id to the same range from the same description, today and after an
// upgrade. Lint enforces this for src/raft; until it does for src/shard too, this test reads the
// sources and refuses what would break it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(process.cwd(), 'src/shard');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

/** The source without comments (which may name what the code must not do). */
function code(file: string): string {
  return readFileSync(join(DIR, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
}

const FORBIDDEN: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a clock (Date)', pattern: /\bDate\b/ },
  { name: 'performance.now', pattern: /\bperformance\b/ },
  { name: 'Math.random', pattern: /Math\.random/ },
  { name: 'crypto', pattern: /\bcrypto\b/ },
  { name: 'timers', pattern: /\bset(Timeout|Interval|Immediate)\b/ },
  { name: 'process', pattern: /\bprocess\b/ },
  { name: 'console', pattern: /\bconsole\b/ },
  { name: 'a dynamic import', pattern: /\bimport\s*\(/ },
];

describe('src/shard is pure', () => {
  it('has sources to check', () => {
    expect(files).toContain('consistent-ring.ts');
  });

  it.each(files)('%s uses no clock, randomness, I/O, process state or logging', (file) => {
    const source = code(file);
    for (const { name, pattern } of FORBIDDEN) expect(pattern.test(source), `${file} uses ${name}`).toBe(false);
  });

  it.each(files)('%s imports only src/shard modules and the store\'s id limit', (file) => {
    const imports = [...code(file).matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect(spec === '../store/vector/schema.js' || /^\.\/[a-z0-9-]+\.js$/.test(spec ?? ''), `${file} imports ${spec}`).toBe(true);
  });
});
