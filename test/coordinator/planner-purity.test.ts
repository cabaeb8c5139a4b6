// The planner is pure (issue 5: "a pure planner plan(clusterState) → operators"): no clock, no
// randomness, no I/O, nothing from src/server, so the same state gives the same operators on any
// coordinator and the tick simulator can drive it. Lint enforces this for src/raft only; this
// test reads the planner's sources and refuses what would break it.
import { describe, expect, it } from 'vitest';
import { codeOf, FORBIDDEN, importsOf, sourcesOf } from '../lint/source-purity.js';

const DIR = 'src/coordinator/planner';
const files = sourcesOf(DIR);

describe('src/coordinator/planner is pure', () => {
  it('has sources to check', () => {
    expect(files).toContain('plan.ts');
  });

  it.each(files)('%s uses no clock, randomness, I/O, process state or logging', (file) => {
    const source = codeOf(DIR, file);
    for (const { name, pattern } of FORBIDDEN) expect(pattern.test(source), `${file} uses ${name}`).toBe(false);
  });

  it.each(files)('%s imports only planner modules', (file) => {
    const imports = importsOf(codeOf(DIR, file));
    for (const spec of imports) expect(/^\.\/[a-z0-9-]+\.js$/.test(spec), `${file} imports ${spec}`).toBe(true);
  });
});
