import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vectorToBytes } from '../../src/wire/vectors.js';
import { FIELD_METADATA_KEY } from '../../src/wire/metadata.js';
import { count, createCollection, DIM, get, upsert, vec } from './support/records.js';
import { HealthClient } from './support/health-client.js';
import { TestCluster } from './support/test-cluster.js';
import { callError, trailer } from './support/wire-client.js';

// Three real node processes on 127.0.0.1; one collection replicated on all three.
let cluster: TestCluster;
const C = 'docs';

beforeAll(async () => {
  cluster = await TestCluster.start({ nodes: 3, metrics: true });
  await createCollection(cluster.nodes[0]!.client, C);
}, 120_000);

afterAll(async () => {
  await cluster?.close();
}, 60_000);

describe('writes and reads through any node', () => {
  it('a write acknowledged with ack=majority is read back linearizably through every node', async () => {
    const r = await upsert(cluster.node(2).client, C, ['maj-1', 'maj-2']);
    expect(r.upserted).toBe(2);
    expect(r.results.map((x) => x.status)).toEqual(['ITEM_STATUS_UPSERTED', 'ITEM_STATUS_UPSERTED']);
    for (const n of cluster.nodes) {
      const got = await get(n.client, C, ['maj-1', 'maj-2']);
      expect(got.records.map((x) => x.id).sort()).toEqual(['maj-1', 'maj-2']);
      expect(got.records.every((x) => x.version === r.index)).toBe(true);
    }
  });

  it('ack=async acknowledges every item as accepted, and the write then becomes visible', async () => {
    const r = await upsert(cluster.node(3).client, C, ['async-1'], { ack: 'ACK_LEVEL_ASYNC' });
    expect(r.results).toEqual([{ id: 'async-1', status: 'ITEM_STATUS_ACCEPTED', version: 0 }]);
    let found = 0;
    for (let i = 0; i < 50 && found === 0; i++) {
      found = (await get(cluster.node(1).client, C, ['async-1'])).records.length;
      if (found === 0) await new Promise((res) => setTimeout(res, 50));
    }
    expect(found).toBe(1);
  });

  it('ack=all acknowledges once every replica holds the write, and each then applies it', async () => {
    const r = await upsert(cluster.node(1).client, C, ['all-1'], { ack: 'ACK_LEVEL_ALL' });
    expect(r.upserted).toBe(1);
    // Durable on all three at the ack; each applies it once it learns the commit (a heartbeat away).
    for (const n of cluster.nodes) {
      let found = 0;
      for (let i = 0; i < 50 && found === 0; i++) {
        found = (await get(n.client, C, ['all-1'], 'CONSISTENCY_FOLLOWER', 60_000)).records.length;
        if (found === 0) await new Promise((res) => setTimeout(res, 20));
      }
      expect(found, `node ${n.id}`).toBe(1);
    }
  });

  it('ack=N is refused, naming ack_replicas, when N is below the majority or above the replicas', async () => {
    for (const n of [1, 4]) {
      const e = await callError(upsert(cluster.node(1).client, C, ['n-1'], { ack: 'ACK_LEVEL_REPLICAS', ackReplicas: n }));
      expect(e.code).toBe(status.INVALID_ARGUMENT);
      expect(trailer(e, FIELD_METADATA_KEY)).toBe('ack_replicas');
    }
    const ok = await upsert(cluster.node(1).client, C, ['n-2'], { ack: 'ACK_LEVEL_REPLICAS', ackReplicas: 3 });
    expect(ok.upserted).toBe(1);
  });

  it('a lease read sees a write acknowledged before it began', async () => {
    await upsert(cluster.node(2).client, C, ['lease-1']);
    const got = await get(cluster.node(3).client, C, ['lease-1'], 'CONSISTENCY_LEASE');
    expect(got.records.map((x) => x.id)).toEqual(['lease-1']);
  });

  it('a follower read is served by the contacted replica while it is within max_staleness_ms', async () => {
    await upsert(cluster.node(1).client, C, ['follower-1']);
    // A heartbeat round later every replica has applied it and knows itself fresh.
    await new Promise((res) => setTimeout(res, 500));
    for (const n of cluster.nodes) {
      const got = await get(n.client, C, ['follower-1'], 'CONSISTENCY_FOLLOWER', 2_000);
      expect(got.records.map((x) => x.id)).toEqual(['follower-1']);
    }
  });

  it('search through a non-leader returns the nearest records, smallest distance first', async () => {
    await upsert(cluster.node(1).client, C, ['s-0', 's-1', 's-2']);
    const res = await cluster.node(3).client.call<{ hits: { id: string; score: number }[] }>((o, cb) => cluster.node(3).client.vector.Search({ collection: C, vector: vec(1), k: 2 }, o, cb));
    expect(res.hits[0]!.score).toBe(0);
    expect(res.hits[0]!.score).toBeLessThanOrEqual(res.hits[1]!.score);
  });
});

describe('observability', () => {
  it('each node serves Prometheus metrics of its groups, /healthz and /readyz', async () => {
    await upsert(cluster.node(1).client, C, ['m-1']);
    for (const n of cluster.nodes) {
      const base = `http://127.0.0.1:${n.metricsPort}`;
      const text = await (await fetch(`${base}/metrics`)).text();
      for (const name of ['vstudio_raft_term{group="2"}', 'vstudio_raft_commit_index{group="2"}', 'vstudio_raft_applied_index{group="1"}', 'vstudio_log_fsync_duration_seconds_bucket', 'vstudio_hnsw_elements{group="2"}']) {
        expect(text, name).toContain(name);
      }
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    }
    const leader = await cluster.leaderOf(2);
    const text = await (await fetch(`http://127.0.0.1:${leader.metricsPort}/metrics`)).text();
    expect(text).toMatch(/vstudio_raft_replication_lag_entries\{group="2",follower="\d"\} 0/);
    expect(text).toMatch(/vstudio_grpc_server_handling_seconds_count\{method="(Upsert|peer\.Propose)",code="OK"\}/);
  });

  it('the standard gRPC health service reports the node SERVING', async () => {
    const health = new HealthClient(cluster.node(2).clientAddress);
    try {
      expect(await health.check('vstudio.v1.VectorService')).toBe('SERVING');
    } finally {
      health.close();
    }
  });
});

describe('bad input over the wire', () => {
  async function snapshot(): Promise<{ count: number; records: unknown }> {
    const c = cluster.node(1).client;
    return { count: await count(c, C), records: await get(c, C, ['maj-1', 'maj-2']) };
  }

  const cases: { name: string; items: () => unknown[]; code: number; field: string | undefined }[] = [
    { name: 'a vector of the wrong dimension', items: () => [{ record: { id: 'maj-1', vector: vectorToBytes([1, 2, 3]) } }], code: status.INVALID_ARGUMENT, field: 'items[0].record.vector' },
    { name: 'a NaN component', items: () => [{ record: { id: 'maj-1', vector: vectorToBytes([1, Number.NaN, 3, 4]) } }], code: status.INVALID_ARGUMENT, field: 'items[0].record.vector[1]' },
    { name: 'an empty id', items: () => [{ record: { id: '', vector: vec(1) } }], code: status.INVALID_ARGUMENT, field: 'items[0].record.id' },
    { name: 'a batch over 1,024 records', items: () => Array.from({ length: 1025 }, (_, i) => ({ record: { id: `big-${i}`, vector: vec(i) } })), code: status.INVALID_ARGUMENT, field: 'items' },
    {
      name: 'a payload over 64 KiB',
      items: () => [{ record: { id: 'maj-2', vector: vec(2), payload: { fields: { blob: { stringValue: 'x'.repeat(70_000) } } } } }],
      code: status.INVALID_ARGUMENT, field: 'items[0].record.payload',
    },
    { name: 'a message over the gRPC limit', items: () => Array.from({ length: 300 }, (_, i) => ({ record: { id: `huge-${i}`, vector: new Uint8Array(DIM * 4), payload: { fields: { blob: { stringValue: 'y'.repeat(30_000) } } } } })), code: status.RESOURCE_EXHAUSTED, field: undefined },
  ];

  for (const tc of cases) {
    it(`${tc.name} is refused with the right status, naming the field, and nothing stored changes`, async () => {
      const before = await snapshot();
      const c = cluster.node(2).client;
      const e = await callError(c.call((o, cb) => c.vector.Upsert({ collection: C, items: tc.items() as never }, o, cb)));
      expect(e.code, e.details).toBe(tc.code);
      if (tc.field !== undefined) {
        expect(trailer(e, FIELD_METADATA_KEY)).toBe(tc.field);
        expect(e.details).toContain(tc.field);
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it('an unknown collection is NOT_FOUND, naming the collection', async () => {
    const c = cluster.node(3).client;
    const e = await callError(upsert(c, 'no-such-collection', ['a']));
    expect(e.code).toBe(status.NOT_FOUND);
    expect(trailer(e, FIELD_METADATA_KEY)).toBe('collection');
    expect(e.details).toContain('no-such-collection');
  });
});

describe('bad reads over the wire', () => {
  it('a get of more ids than a batch may hold is refused, naming ids', async () => {
    const c = cluster.node(1).client;
    const e = await callError(get(c, C, Array.from({ length: 1025 }, (_, i) => `g-${i}`)));
    expect(e.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(e, FIELD_METADATA_KEY)).toBe('ids');
  });

  it('a get of an empty id is refused, naming it', async () => {
    const e = await callError(get(cluster.node(2).client, C, ['ok', '']));
    expect(e.code).toBe(status.INVALID_ARGUMENT);
    expect(trailer(e, FIELD_METADATA_KEY)).toBe('ids[1]');
  });
});
