/**
 * Golden interaction tests (etcd-io/raft's TestInteraction): every test/raft/testdata/*.txt is
 * a script of commands, each followed by the transcript it must produce. A reader sees the
 * scenario and every message it caused; a change in the core's behaviour shows up as a diff.
 *
 * To accept new transcripts after an intended change (then read the diff before committing):
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/raft/interaction
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseScript, renderScript, type ScriptPart } from './datadriven.js';
import { InteractionEnv, type InteractionEnvOptions } from './interpreter.js';
import { plantedBugs } from '../planted-bugs.js';

const TESTDATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'testdata');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const files = readdirSync(TESTDATA_DIR).filter((f) => f.endsWith('.txt')).sort();

/** Runs a script in a fresh environment and returns the output of every block. */
function run(parts: readonly ScriptPart[], options: InteractionEnvOptions = {}): string[] {
  const env = new InteractionEnv(options);
  const outputs: string[] = [];
  for (const part of parts) if (part.kind === 'block') outputs.push(env.handle(part.block));
  return outputs;
}

describe('raft interaction scripts', () => {
  test('there are scripts to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    test(basename(file, '.txt'), () => {
      const path = join(TESTDATA_DIR, file);
      const source = readFileSync(path, 'utf8');
      const parts = parseScript(source, file);
      const outputs = run(parts);
      if (UPDATE) {
        const rewritten = renderScript(parts, outputs);
        if (rewritten !== source) writeFileSync(path, rewritten);
        return;
      }
      // Compare whole scripts rather than block by block: vitest then prints one unified diff with
      // the commands as context and every divergent block at once. Both sides are rendered the
      // same way so that only outputs can differ, not layout.
      const blocks = parts.flatMap((p) => (p.kind === 'block' ? [p.block] : []));
      const firstDiff = blocks.find((b, i) => b.expected !== outputs[i]);
      const where = firstDiff === undefined ? '' : ` first at ${file}:${firstDiff.line} "${firstDiff.cmdLine}";`;
      expect(renderScript(parts, outputs), `${file} differs from its golden transcript,${where} UPDATE_GOLDEN=1 rewrites it`)
        .toBe(renderScript(parts, blocks.map((b) => b.expected)));
    });
  }
});

describe('the golden scripts have teeth', () => {
  test('figure 8 diverges from its transcript when the leader commits a previous-term entry by counting', () => {
    const file = 'figure8.txt';
    const parts = parseScript(readFileSync(join(TESTDATA_DIR, file), 'utf8'), file);
    const blocks = parts.flatMap((p) => (p.kind === 'block' ? [p.block] : []));
    const outputs = run(parts, { makeCore: plantedBugs.commitPreviousTermByCounting });
    const first = blocks.findIndex((b, i) => b.expected !== outputs[i]);
    expect(first).toBeGreaterThanOrEqual(0);
    // The first divergence is the premature commit of the term-2 entry.
    expect(outputs[first]).toMatch(/Commit:2/);
  });
});
