/**
 * Committed entries per second of a 3-voter in-process cluster with no I/O (100-byte entries,
 * proposals batched between Readies), with the CPU time per entry. Printed beside a baseline
 * measured in the same run: the same entries copied into three in-memory logs with no consensus,
 * which is the least any replication could cost here.
 *
 *   npm run bench:raft [-- --seconds 5 --batch 512 --entry-bytes 100]
 */
import { parseArgs } from 'node:util';
import { LocalCluster } from '../test/raft/support/local-cluster.js';
import type { Entry } from '../src/raft/index.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    batch: { type: 'string', default: '512' },
    'entry-bytes': { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const batch = Number(values.batch);
const entryBytes = Number(values['entry-bytes']);
const payload = new Uint8Array(entryBytes).fill(7);

function measure(run: (deadlineMs: number) => number): { perSec: number; cpuUsPerEntry: number; n: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const n = run(t0 + seconds * 1000);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perSec: n / wallS, cpuUsPerEntry: (cpu.user + cpu.system) / n, n };
}

function raftRun(deadlineMs: number): number {
  const c = new LocalCluster([1, 2, 3], { maxSizePerMsg: 1024 * 1024, maxInflightMsgs: 256 });
  c.keepApplied = false;
  c.elect(1);
  const leader = c.node(1);
  const start = leader.status().commit;
  const data: Uint8Array[] = new Array<Uint8Array>(batch).fill(payload);
  let rounds = 0;
  while (performance.now() < deadlineMs) {
    const r = leader.proposeBatch(data);
    if (!r.ok) throw new Error(`proposal refused: ${r.error.message}`);
    c.stabilize();
    if (++rounds % 64 === 0) {
      // Keep memory flat: compact every log behind its applied index.
      for (const [id, s] of c.storages) s.compact(c.node(id).status().applied);
    }
  }
  const committed = Math.min(...[1, 2, 3].map((id) => c.node(id).status().applied)) - start;
  return committed;
}

function baselineRun(deadlineMs: number): number {
  const logs: Entry[][] = [[], [], []];
  let index = 0;
  while (performance.now() < deadlineMs) {
    for (let i = 0; i < batch; i++) {
      const e: Entry = { term: 1, index: ++index, type: 0, data: payload };
      for (const log of logs) log.push(e);
    }
    if (logs[0]!.length > 1_000_000) for (const log of logs) log.length = 0;
  }
  return index;
}

const base = measure(baselineRun);
const raft = measure(raftRun);
const result = {
  entryBytes, batch, seconds,
  raft: { entriesPerSec: Math.round(raft.perSec), cpuUsPerEntry: +raft.cpuUsPerEntry.toFixed(3), entries: raft.n },
  baseline: { entriesPerSec: Math.round(base.perSec), cpuUsPerEntry: +base.cpuUsPerEntry.toFixed(3) },
  ratio: +(raft.perSec / base.perSec).toFixed(4),
  targetEntriesPerSec: 200_000,
};
if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  process.stdout.write(
    `raft 3 voters, ${entryBytes}-byte entries, batch ${batch}: ${result.raft.entriesPerSec.toLocaleString('en')} committed entries/s, `
    + `${result.raft.cpuUsPerEntry} µs CPU/entry\n`
    + `baseline (copy into 3 in-memory logs, no consensus): ${result.baseline.entriesPerSec.toLocaleString('en')} entries/s, `
    + `${result.baseline.cpuUsPerEntry} µs CPU/entry\n`
    + `ratio raft/baseline: ${result.ratio}; target ≥ 200,000 entries/s: ${raft.perSec >= 200_000 ? 'met' : 'NOT met'}\n`,
  );
}
