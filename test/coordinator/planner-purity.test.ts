// The planner is pure (issue 5: "a pure planner plan(clusterState) → operators"): no clock, no
// randomness, no I/O, nothing from src/server, so the same state gives the same operators on any
// coordinator and the tick simulator can drive it. Lint enforces this for src/raft only; this
// test reads the planner's sources and refuses what would break it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(process.cwd(), 'src/coordinator/planner');
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

describe('src/coordinator/planner is pure', () => {
  it('has sources to check', () => {
    expect(files).toContain('plan.ts');
  });

  it.each(files)('%s uses no clock, randomness, I/O, process state or logging', (file) => {
    const source = code(file);
    for (const { name, pattern } of FORBIDDEN) expect(pattern.test(source), `${file} uses ${name}`).toBe(false);
  });

  it.each(files)('%s imports only planner modules', (file) => {
    const imports = [...code(file).matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect(/^\.\/[a-z0-9-]+\.js$/.test(spec ?? ''), `${file} imports ${spec}`).toBe(true);
  });
});
