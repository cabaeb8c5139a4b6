/**
 * `npm run jepsen:suite [-- --time 30 --seeds 1,2,3 --workloads register,set,vector
 * --sets "partition;kill;pause,clog;partition,kill,pause,clog,membership;partition,kill,membership@4;partition,kill,split+range2" --nodes 3]`
 *
 * A set may end in `@N`: its runs use N nodes instead of `--nodes` (a replica move to a node
 * outside the data group needs a fourth node). It may also end in `+rangeN` or `+consistentN`:
 * its collection is created with that sharding and N shards (`--sharding`, `--shards`), e.g.
 * `partition,kill,split+range2` (the split fault splits range shards at workload keys).
 *
 * The matrix of runs (workloads × nemesis sets × seeds), one after the other (the machine is
 * shared: one cluster at a time), then a summary table on stdout and in
 * `jepsen-lite/store/suite-<time>/summary.md` (+ `summary.json`). Exit code 1 if any run is not valid.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STORE, runTest, WORKLOADS, type WorkloadName } from './run.js';

const { values } = parseArgs({
  options: {
    time: { type: 'string', default: '30' }, seeds: { type: 'string', default: '1,2,3' },
    workloads: { type: 'string', default: WORKLOADS.join(',') },
    sets: { type: 'string', default: 'partition;kill;pause,clog;partition,kill,pause,clog,membership;partition,kill,membership@4;partition,kill,split+range2' },
    nodes: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '6' },
  },
});

interface Row {
  workload: string; nemesis: string; nodes: number; seed: number; verdict: string; ok: number; fail: number; info: number;
  availability: string; p50Ms: number; p99Ms: number; faults: number; anomalies: string; checker: string; dir: string; durationS: number;
}

const started = new Date();
const suiteDir = join(DEFAULT_STORE, `suite-${started.toISOString().replace(/[:.]/g, '-')}`);
await mkdir(suiteDir, { recursive: true });
const rows: Row[] = [];
const workloads = values.workloads.split(',') as WorkloadName[];
/** `a,b,c[@N][+rangeM|+consistentM]` → the faults, the node count (`--nodes` without `@N`) and the sharding. */
const sets = values.sets.split(';').map((s) => {
  const [body, shardingText] = s.split('+');
  const [faults, at] = body!.split('@');
  const nodes = at === undefined ? Number(values.nodes) : Number(at);
  if (!Number.isInteger(nodes) || nodes < 3) throw new Error(`--sets: "${s}": @N must be a node count of at least 3`);
  let sharding: { sharding: 'range' | 'consistent'; shards: number } | undefined;
  if (shardingText !== undefined) {
    const m = /^(range|consistent)(\d+)$/.exec(shardingText);
    if (m === null) throw new Error(`--sets: "${s}": +X must be rangeN or consistentN`);
    sharding = { sharding: m[1] as 'range' | 'consistent', shards: Number(m[2]) };
  }
  return { nemesis: faults!.split(',').filter((x) => x !== ''), nodes, sharding };
});
const seeds = values.seeds.split(',').map(Number);
const total = workloads.length * sets.length * seeds.length;

function table(rs: readonly Row[]): string {
  const head = '| workload | nemesis | nodes | seed | verdict | ok / fail / info | availability | p50 / p99 ms | faults | anomalies | checker |';
  const sep = '|---|---|---|---|---|---|---|---|---|---|---|';
  return [head, sep, ...rs.map((r) => `| ${r.workload} | ${r.nemesis} | ${r.nodes} | ${r.seed} | ${r.verdict} | ${r.ok} / ${r.fail} / ${r.info} | ${r.availability} | ${r.p50Ms} / ${r.p99Ms} | ${r.faults} | ${r.anomalies} | ${r.checker} |`)].join('\n');
}

for (const workload of workloads) {
  for (const { nemesis, nodes, sharding } of sets) {
    const label = nemesis.join(',') + (sharding !== undefined ? ` · ${sharding.sharding} ${sharding.shards}` : '');
    for (const seed of seeds) {
      process.stderr.write(`suite: run ${rows.length + 1}/${total}: ${workload} · ${label} · ${nodes} nodes · seed ${seed}\n`);
      try {
        const { dir, results: r } = await runTest({
          workload, nemesis, seed, timeS: Number(values.time), nodes, concurrency: Number(values.concurrency),
          storeDir: suiteDir, log: () => {}, ...(sharding ?? {}),
        });
        const kinds = new Map<string, number>();
        for (const a of r.anomalies) {
          const t = (a as { type?: string }).type ?? 'anomaly';
          kinds.set(t, (kinds.get(t) ?? 0) + 1);
        }
        rows.push({
          workload, nemesis: label, nodes, seed, verdict: r.valid === true ? 'valid' : r.valid === false ? '**INVALID**' : 'unknown',
          ok: r.stats.ok, fail: r.stats.fail, info: r.stats.info, availability: `${(r.availability * 100).toFixed(1)} %`, p50Ms: r.latency.p50_ms, p99Ms: r.latency.p99_ms,
          faults: r.faults.length, anomalies: [...kinds].map(([k, n]) => `${k}×${n}`).join(' ') || '—',
          checker: Object.entries(r.checker).map(([k, v]) => `${k} ${String(v)}`).join(', '), dir, durationS: Math.round(r.durationMs / 1000),
        });
      } catch (e) {
        rows.push({
          workload, nemesis: label, nodes, seed, verdict: '**run failed**', ok: 0, fail: 0, info: 0, availability: '—', p50Ms: 0, p99Ms: 0, faults: 0,
          anomalies: String(e instanceof Error ? e.message : e).split('\n')[0]!.slice(0, 120), checker: '', dir: '', durationS: 0,
        });
      }
      process.stderr.write(`suite:   ${rows.at(-1)!.verdict} ${rows.at(-1)!.anomalies}\n`);
    }
  }
}

const summary = `# jepsen-lite suite, ${started.toISOString()}\n\n${values.time} s per run, ${values.nodes} nodes unless the set says @N, concurrency ${values.concurrency}\n\n${table(rows)}\n`;
await writeFile(join(suiteDir, 'summary.md'), summary);
await writeFile(join(suiteDir, 'summary.json'), JSON.stringify(rows, null, 2) + '\n');
process.stdout.write(`${summary}\nsummary: ${join(suiteDir, 'summary.md')}\n`);
process.exitCode = rows.every((r) => r.verdict === 'valid') ? 0 : 1;
