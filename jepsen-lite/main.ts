/**
 * `npm run jepsen -- --workload register|set|vector --nemesis partition,kill,pause,clog,membership
 * --time 60 --nodes 3 --concurrency 10 --seed S [--ack majority|all|async|N]
 * [--consistency linearizable|lease|follower] [--shards N] [--sharding range|consistent] [--fault-ms MIN,MAX] [--quiet-ms MIN,MAX]
 * [--planted-bug NAME] [--op-timeout-ms N] [--tick-ms N] [--serve cli|entry] [--store DIR]`
 *
 * Exit code: 0 valid, 1 invalid (anomalies found), 2 unknown or the run itself failed.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { AckLevel, Consistency } from '../src/client/index.js';
import { runTest, summaryLine, WORKLOADS, type WorkloadName } from './run.js';

function usage(msg: string): never {
  process.stderr.write(`jepsen-lite: ${msg}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'register' }, nemesis: { type: 'string', default: 'partition,kill' },
    time: { type: 'string', default: '60' }, nodes: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '10' },
    seed: { type: 'string', default: String(Date.now() % 100_000) }, ack: { type: 'string', default: 'majority' },
    consistency: { type: 'string', default: 'linearizable' }, shards: { type: 'string', default: '1' }, sharding: { type: 'string' },
    'tick-ms': { type: 'string' }, serve: { type: 'string', default: 'cli' }, store: { type: 'string' },
    'planted-bug': { type: 'string' }, 'fault-ms': { type: 'string' }, 'quiet-ms': { type: 'string' }, 'op-timeout-ms': { type: 'string' },
  },
});
const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a non-negative integer, not "${v}"`);
  return n;
};
if (!(WORKLOADS as readonly string[]).includes(values.workload)) usage(`--workload must be one of ${WORKLOADS.join(', ')}`);
const ack: AckLevel = /^\d+$/.test(values.ack) ? Number(values.ack) : values.ack as AckLevel;
if (typeof ack === 'string' && !['async', 'majority', 'all'].includes(ack)) usage('--ack must be async, majority, all or a number');
if (!['linearizable', 'lease', 'follower'].includes(values.consistency)) usage('--consistency must be linearizable, lease or follower');
if (values.serve !== 'entry' && values.serve !== 'cli') usage('--serve must be entry or cli');
if (values.sharding !== undefined && values.sharding !== 'range' && values.sharding !== 'consistent') usage('--sharding must be range or consistent');

const range = (name: string, v: string | undefined): [number, number] | undefined => {
  if (v === undefined) return undefined;
  const [a, b] = v.split(',').map((x) => num(name, x));
  return [a!, b ?? a!];
};
const faultMs = range('fault-ms', values['fault-ms']);
const quietMs = range('quiet-ms', values['quiet-ms']);

try {
  const { dir, results } = await runTest({
    workload: values.workload as WorkloadName,
    nemesis: values.nemesis.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'none'),
    timeS: num('time', values.time), nodes: num('nodes', values.nodes), concurrency: num('concurrency', values.concurrency),
    seed: num('seed', values.seed), ack, consistency: values.consistency as Consistency, shards: num('shards', values.shards),
    ...(values.sharding !== undefined ? { sharding: values.sharding as 'range' | 'consistent' } : {}),
    ...(values['tick-ms'] !== undefined ? { tickMs: num('tick-ms', values['tick-ms']) } : {}),
    ...(values.store !== undefined ? { storeDir: values.store } : {}),
    ...(values['planted-bug'] !== undefined ? { env: { VSTUDIO_PLANTED_BUG: values['planted-bug'] } } : {}),
    ...(values['op-timeout-ms'] !== undefined ? { opTimeoutMs: num('op-timeout-ms', values['op-timeout-ms']) } : {}),
    ...(faultMs !== undefined ? { faultMs } : {}), ...(quietMs !== undefined ? { quietMs } : {}),
    serve: values.serve,
  });
  process.stdout.write(`${summaryLine(results)}\n`);
  for (const a of results.anomalies.slice(0, 5)) process.stdout.write(`  anomaly: ${JSON.stringify(a).slice(0, 600)}\n`);
  for (const n of results.notes) process.stdout.write(`  note: ${n}\n`);
  process.stdout.write(`results: ${join(dir, 'results.json')}\nreport:  ${join(dir, 'index.html')}\n`);
  process.exitCode = results.valid === true ? 0 : results.valid === false ? 1 : 2;
} catch (e) {
  process.stderr.write(`jepsen-lite: the run failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 2;
}
