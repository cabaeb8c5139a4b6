// src/shard is pure and deterministic (DESIGN.md §5 via issue 5: "no I/O, no clocks"): every
// node must route an id to the same range from the same description, today and after an
// upgrade. Lint enforces this for src/raft; until it does for src/shard too, this test reads the
// sources and refuses what would break it.
import { describe, expect, it } from 'vitest';
import { codeOf, FORBIDDEN, importsOf, sourcesOf } from '../lint/source-purity.js';

const DIR = 'src/shard';
const files = sourcesOf(DIR);

describe('src/shard is pure', () => {
  it('has sources to check', () => {
    expect(files).toContain('consistent-ring.ts');
  });

  it.each(files)('%s uses no clock, randomness, I/O, process state or logging', (file) => {
    const source = codeOf(DIR, file);
    for (const { name, pattern } of FORBIDDEN) expect(pattern.test(source), `${file} uses ${name}`).toBe(false);
  });

  it.each(files)('%s imports only src/shard modules and the store\'s id limit', (file) => {
    const imports = importsOf(codeOf(DIR, file));
    for (const spec of imports) expect(spec === '../store/vector/schema.js' || /^\.\/[a-z0-9-]+\.js$/.test(spec), `${file} imports ${spec}`).toBe(true);
  });
});
