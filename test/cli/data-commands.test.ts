import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fail, FakeCluster } from '../client/support/fake-cluster.js';
import { runCli, type CliRun } from './support/run-cli.js';

const JSONL = [
  '{"id": "doc-1", "vector": [0.1, 0.2, 0.3], "payload": {"lang": "en"}}',
  '',
  '{"id": "doc-2", "vector": [1, 0, 0], "payload": {"lang": "fr", "n": 2}}',
  '{"id": "doc-3", "vector": [0, 1, 0]}',
].join('\n');

describe('vstudio data commands', () => {
  let cluster: FakeCluster;
  let dir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1);
    dir = await mkdtemp(join(tmpdir(), 'vstudio-cli-'));
    env = { VSTUDIO_ENDPOINTS: cluster.endpoints.join(',') };
    const created = await run(['collection', 'create', 'demo', '--dim', '3']);
    expect(created.code).toBe(0);
  });

  afterEach(async () => {
    cluster.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function run(argv: string[], stdin?: string): Promise<CliRun> {
    return runCli(argv, { env, cwd: dir, ...(stdin === undefined ? {} : { stdin }) });
  }

  it('upserts a JSONL file and prints {"upserted": n} with --json', async () => {
    await writeFile(join(dir, 'data.jsonl'), JSONL);
    const r = await run(['upsert', 'demo', '--file', 'data.jsonl', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ upserted: 3 });
    expect(cluster.store.collection('demo').records.size).toBe(3);
  });

  it('upserts JSONL from stdin in batches of --batch', async () => {
    const r = await run(['upsert', 'demo', '--batch', '2'], JSONL);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('upserted 3 records in 2 batches\n');
    expect(cluster.node(0).callsOf('Upsert')).toHaveLength(2);
  });

  it('names the line of a bad JSONL record, exit 1', async () => {
    const r = await run(['upsert', 'demo'], '{"id": "a", "vector": [1, 2, 3]}\n{"id": "b", "vector": "oops"}\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('INVALID_ARGUMENT: stdin line 2: "vector" must be an array of numbers (0 records acknowledged)\n');
  });

  it('names the line of a line that is not JSON', async () => {
    await writeFile(join(dir, 'bad.jsonl'), '{"id": "a", "vector": [1, 2, 3]}\n\n{"id": \n');
    const r = await run(['upsert', 'demo', '--file', 'bad.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^INVALID_ARGUMENT: bad\.jsonl line 3: not JSON \(.*\) \(0 records acknowledged\)\n$/);
  });

  it('maps a server error about items[i] to the JSONL line of that record', async () => {
    const r = await run(['upsert', 'demo'], '{"id": "a", "vector": [1, 2, 3]}\n\n{"id": "b", "vector": [1, 2]}\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('INVALID_ARGUMENT: stdin line 3: vector has 2 dimensions, collection "demo" expects 3 (0 records acknowledged)\n');
  });

  it('refuses a missing --file as a usage error, exit 2', async () => {
    const r = await run(['upsert', 'demo', '--file', 'nope.jsonl']);
    expect(r).toMatchObject({ code: 2, stderr: 'INVALID_ARGUMENT: --file nope.jsonl: no such file\n' });
  });

  it('prints get --json as {"records": [{id, vector, payload, version}], "missing": [...]}', async () => {
    await run(['upsert', 'demo'], JSONL);
    const r = await run(['get', 'demo', 'doc-1', 'nope', 'doc-3', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { records: { version: number }[] };
    const version = out.records[0]!.version;
    expect(out).toEqual({
      records: [
        { id: 'doc-1', vector: [0.1, 0.2, 0.3], payload: { lang: 'en' }, version },
        { id: 'doc-3', vector: [0, 1, 0], payload: {}, version },
      ],
      missing: ['nope'],
    });
  });

  it('prints search --json as {"hits": [{id, score, payload}]}, nearest first', async () => {
    await run(['upsert', 'demo'], JSONL);
    const r = await run(['search', 'demo', '--vector', '[1, 0, 0]', '-k', '2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      hits: [
        { id: 'doc-2', score: 0, payload: { lang: 'fr', n: 2 } },
        { id: 'doc-1', score: expect.any(Number) as number, payload: { lang: 'en' } },
      ],
    });
  });

  it('passes search flags through: --ef, --filter, --consistency, --max-staleness-ms', async () => {
    const r = await run(['search', 'demo', '--vector', '[1,0,0]', '--ef', '32', '--filter', '{"must":[{"key":"lang","match":{"value":"en"}}]}',
      '--consistency', 'follower', '--max-staleness-ms', '100']);
    expect(r.code).toBe(0);
    expect(cluster.node(0).callsOf('Search')[0]!.request).toMatchObject({
      k: 10, ef: 32, read: { consistency: 'CONSISTENCY_FOLLOWER', maxStalenessMs: 100 },
      filter: { fields: { must: { listValue: { values: [{ structValue: {} }] } } } },
    });
  });

  it('prints delete --json as {"deleted": n}', async () => {
    await run(['upsert', 'demo'], JSONL);
    const r = await run(['delete', 'demo', 'doc-1', 'doc-2', 'nope', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ deleted: 2 });
  });

  it('prints cluster status --json as {"nodes": [...], "groups": [...]}', async () => {
    const r = await run(['cluster', 'status', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { nodes: unknown[]; groups: unknown[] };
    expect(Object.keys(out)).toEqual(['nodes', 'groups']);
    expect(out.nodes[0]).toEqual({ id: 1, clientAddress: '127.0.0.1:7001', peerAddress: '127.0.0.1:7101', zone: 'a', state: 'up', replicas: 2, leaders: 1 });
    expect(out.groups[1]).toEqual({
      id: 2, collection: 'demo', range: '', leader: 2, voters: [1, 2], learners: [], commitIndex: 7, appliedIndex: 6,
      lagEntries: { 1: 1 }, lagMs: { 1: 12 }, term: 3, shard: 0, epoch: 0, replicationFactor: 0, problems: [],
    });
  });

  it('fails cluster status --check when a group has no leader, exit 1', async () => {
    cluster.store.status.groups![1]!.leader = 0;
    const r = await run(['cluster', 'status', '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('FAILED_PRECONDITION: cluster check failed: group 2 (demo shard 0) is leaderless\n');
    expect(r.stdout).toContain('GROUP');
  });

  it('fails cluster status --check on every problem the server reports for a group, exit 1', async () => {
    cluster.store.status.groups![1]!.problems = ['under-replicated', 'lagging'];
    const r = await run(['cluster', 'status', '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('FAILED_PRECONDITION: cluster check failed: group 2 (demo shard 0) is under-replicated, lagging\n');
  });

  it('lists shards with their range, epoch, group and health; --json gives them as {"shards": [...]}', async () => {
    Object.assign(cluster.store.status.groups![1]!, { range: 'ring 100.0%', shard: 0, epoch: 1, problems: [] });
    const r = await run(['shard', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^COLLECTION\s+SHARD\s+RANGE\s+EPOCH\s+GROUP\s+LEADER\s+VOTERS\s+LEARNERS\s+APPLIED\s+HEALTH\ndemo\s+0\s+ring 100.0%\s+1\s+2\s+2\s+1,2\s+-\s+6\s+ok\n$/);
    const json = JSON.parse((await run(['shard', 'list', '--collection', 'demo', '--json'])).stdout) as { shards: { id: number }[] };
    expect(json.shards.map((s) => s.id)).toEqual([2]);
    expect((await run(['shard', 'list', '--collection', 'other'])).stdout).toBe('no shards\n');
  });

  it('prints a readable table of cluster status without --json', async () => {
    const r = await run(['cluster', 'status']);
    expect(r.stdout.split('\n')[0]).toMatch(/^NODE\s+CLIENT\s+PEER\s+ZONE\s+STATE\s+REPLICAS\s+LEADERS$/);
    expect(r.stdout).toMatch(/127\.0\.0\.1:7001\s+127\.0\.0\.1:7101\s+a\s+up/);
  });

  it('passes collection create flags through, --shards and --sharding included', async () => {
    const r = await run(['collection', 'create', 'docs', '--dim', '8', '--metric', 'ip', '--replicas', '2', '--shards', '4',
      '--sharding', 'hash', '--m', '32', '--ef-construction', '100', '--ef', '50', '--json']);
    expect(r.code).toBe(0);
    expect(cluster.node(0).callsOf('CreateCollection')[1]!.request).toEqual({
      name: 'docs', dimension: 8, metric: 'METRIC_IP', replicas: 2, shards: 4, sharding: 'hash', m: 32, efConstruction: 100, ef: 50, splitKeys: [],
    });
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'docs', dimension: 8, metric: 'ip' });
  });

  it('passes --split-keys of range sharding through as a list', async () => {
    const r = await run(['collection', 'create', 'byid', '--dim', '4', '--sharding', 'range', '--split-keys', 'g,p', '--json']);
    expect(r.code).toBe(0);
    expect(cluster.node(0).callsOf('CreateCollection').at(-1)!.request).toMatchObject({ name: 'byid', sharding: 'range', splitKeys: ['g', 'p'] });
  });

  it('lists, describes and drops collections', async () => {
    expect((await run(['collection', 'list'])).stdout).toMatch(/^NAME\s+DIM\s+METRIC\s+SHARDS\s+REPLICAS\s+COUNT\ndemo\s+3\s+l2/);
    expect(JSON.parse((await run(['collection', 'describe', 'demo', '--json'])).stdout)).toMatchObject({ name: 'demo', dimension: 3 });
    expect(await run(['collection', 'drop', 'demo'])).toMatchObject({ code: 0, stdout: 'dropped collection "demo"\n' });
    expect((await run(['collection', 'list', '--json'])).stdout).toBe('{"collections":[]}\n');
  });

  it('transfers leadership with leader transfer GROUP --to NODE', async () => {
    const r = await run(['leader', 'transfer', '2', '--to', '1', '--json']);
    expect(r).toMatchObject({ code: 0, stdout: '{"group":2,"leader":1}\n' });
    expect(cluster.node(0).callsOf('TransferLeader')[0]!.request).toEqual({ groupId: 2, toNode: 1 });
  });

  it('prints a server error as one CODE: message line, exit 1', async () => {
    const r = await run(['get', 'nope', 'a']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'NOT_FOUND: collection "nope" does not exist\n' });
  });

  it('says when a write failed with an unknown outcome', async () => {
    cluster.node(0).script('Delete', fail.outcomeUnknown(), ...Array.from({ length: 40 }, () => fail.unavailable()));
    const r = await run(['delete', 'demo', 'a', '--timeout-ms', '300']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^UNAVAILABLE: .* \(outcome unknown: the write may or may not have been applied; retrying an upsert is safe\)\n$/);
  });

  it('prints a usage error as INVALID_ARGUMENT, exit 2', async () => {
    const r = await run(['search', 'demo']);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: "INVALID_ARGUMENT: required option '--vector <json>' not specified\n" });
  });

  it('refuses a --vector that is not a JSON array, exit 2', async () => {
    const r = await run(['search', 'demo', '--vector', '[1, 2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^INVALID_ARGUMENT: option '--vector <json>' argument '\[1, 2' is invalid\./);
  });

  it('takes --endpoints over VSTUDIO_ENDPOINTS', async () => {
    const r = await runCli(['collection', 'list', '--json', '--endpoints', cluster.endpoints[0]!], { env: { VSTUDIO_ENDPOINTS: 'bad' } });
    expect(r).toMatchObject({ code: 0, stdout: '{"collections":[{"name":"demo","dimension":3,"metric":"l2","m":16,"efConstruction":200,"ef":64,"replicas":3,"shards":1,"sharding":"consistent","count":0,"groupIds":[2],"shardingJson":""}]}\n' });
  });

  it('sends VSTUDIO_API_KEY as a bearer token', async () => {
    await runCli(['collection', 'list'], { env: { ...env, VSTUDIO_API_KEY: 'k-123' } });
    expect(cluster.node(0).callsOf('ListCollections')[0]!.metadata.get('authorization')).toEqual(['Bearer k-123']);
  });

  it('refuses a --tls-dir without ca.crt, exit 2', async () => {
    const r = await run(['collection', 'list', '--tls-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^INVALID_ARGUMENT: --tls-dir: cannot read .*ca\.crt/);
  });
});
