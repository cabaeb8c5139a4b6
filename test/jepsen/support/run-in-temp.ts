import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTest, summaryLine, type RunOptions, type RunOutcome } from '../../../jepsen-lite/run.js';

/**
 * A jepsen-lite run whose store is a temp dir: removed when `keep` says the outcome is the
 * expected one, kept (and its path printed) otherwise, for the post-mortem.
 */
export async function runInTemp(o: Omit<RunOptions, 'storeDir' | 'log'>, expected: (r: RunOutcome) => boolean): Promise<RunOutcome> {
  const store = await mkdtemp(join(tmpdir(), 'jepsen-lite-test-'));
  const lines: string[] = [];
  const out = await runTest({ ...o, storeDir: store, log: (l) => lines.push(l) });
  console.log(`${summaryLine(out.results)}\n  (${out.results.durationMs} ms)`);
  if (expected(out)) await rm(store, { recursive: true, force: true });
  else console.log(`jepsen-lite run kept for inspection: ${out.dir}\n${lines.join('\n')}`);
  return out;
}
