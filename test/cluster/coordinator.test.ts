import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterStatusResponse__Output } from '../../src/wire/gen/vstudio/v1/ClusterStatusResponse.js';
import type { GetResponse__Output } from '../../src/wire/gen/vstudio/v1/GetResponse.js';
import type { ListOperatorsResponse__Output } from '../../src/wire/gen/vstudio/v1/ListOperatorsResponse.js';
import { VectorStudioClient } from '../../src/client/index.js';
import { vectorToBytes } from '../../src/wire/vectors.js';
import { TestCluster, type TestNode } from './support/test-cluster.js';
import { callError, type WireClient } from './support/wire-client.js';
import { waitUntil } from './support/wait-until.js';

const C = 'docs';
const clusters: TestCluster[] = [];

afterEach(async () => {
  for (const c of clusters.splice(0)) await c.close();
}, 60_000);

async function startCluster(nodes: number, downAfterMs?: number, manualPlacement = false): Promise<TestCluster> {
  const c = await TestCluster.start({ nodes, ...(downAfterMs !== undefined ? { downAfterMs } : {}), manualPlacement });
  clusters.push(c);
  return c;
}

const ids = Array.from({ length: 200 }, (_, i) => `doc-${i}`);

async function createAndFill(c: WireClient, shards: number, replicas: number): Promise<void> {
  await c.call((o, cb) => c.vector.CreateCollection({ name: C, dimension: 4, shards, replicas }, o, cb), 30_000);
  await c.call((o, cb) => c.vector.Upsert({ collection: C, items: ids.map((id, i) => ({ record: { id, vector: vectorToBytes([i, 1, 2, 3]) } })) }, o, cb), 20_000);
}

function statusOf(c: WireClient): Promise<ClusterStatusResponse__Output> {
  return c.call((o, cb) => c.admin.ClusterStatus({}, o, cb), 10_000);
}

function dataGroups(s: ClusterStatusResponse__Output): ClusterStatusResponse__Output['groups'] {
  return s.groups.filter((g) => g.collection === C);
}

async function allFound(c: WireClient): Promise<boolean> {
  const got = await c.call<GetResponse__Output>((o, cb) => c.vector.Get({ collection: C, ids, withoutVectors: true }, o, cb), 10_000);
  return got.missing.length === 0 && got.records.length === ids.length;
}

/** A live node other than `not`, to ask. */
function other(cluster: TestCluster, ...not: number[]): TestNode {
  return cluster.nodes.find((n) => n.running && !not.includes(n.id))!;
}

describe('the coordinator', () => {
  it('re-creates the replicas of a node down longer than --down-after elsewhere: every group returns to 3 live voters', async () => {
    const cluster = await startCluster(4, 3_000);
    await createAndFill(cluster.nodes[0]!.client, 4, 3);
    const before = await statusOf(cluster.nodes[0]!.client);
    const victim = [1, 2, 3, 4].find((id) => dataGroups(before).filter((g) => g.voters.map(Number).includes(id)).length >= 2)!;
    await cluster.node(victim).kill9();
    const asker = other(cluster, victim).client;
    await waitUntil('every group has 3 voters, none on the dead node, and a leader', async () => {
      const s = await statusOf(asker);
      return dataGroups(s).every((g) => g.voters.length === 3 && !g.voters.map(Number).includes(victim) && Number(g.leader) !== 0);
    }, 60_000);
    expect(await allFound(asker)).toBe(true);
    const s = await statusOf(asker);
    expect(s.nodes.find((n) => Number(n.id) === victim)?.state).toBe('down');
  }, 120_000);

  it('a node that joins under a write load gets its share of replicas and leaders; no acknowledged write is lost; at least 99.9% of requests succeed', async () => {
    const cluster = await startCluster(3);
    const c = cluster.nodes[0]!.client;
    await c.call((o, cb) => c.vector.CreateCollection({ name: C, dimension: 4, shards: 6, replicas: 3 }, o, cb), 30_000);
    const sdk = await VectorStudioClient.connect({ endpoints: cluster.nodes.map((n) => n.clientAddress) });
    const acked: string[] = [];
    let ok = 0;
    let failed = 0;
    let writing = true;
    const writer = (async () => {
      for (let batch = 0; writing; batch++) {
        const records = Array.from({ length: 10 }, (_, i) => ({ id: `w-${batch}-${i}`, vector: [batch, i, 1, 2] }));
        try {
          await sdk.upsert(C, records, { timeoutMs: 10_000 });
          ok++;
          acked.push(...records.map((r) => r.id));
        } catch {
          failed++;
        }
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      const joined = await cluster.join(4, cluster.nodes[0]!);
      await waitUntil('the coordinator has nothing left to do', async () => {
        const ops = await c.call<ListOperatorsResponse__Output>((o, cb) => c.admin.ListOperators({ planNow: true }, o, cb));
        return ops.operators.length === 0 && ops.planned === 0;
      }, 120_000);
      const s = await statusOf(c);
      const replicas = new Map<number, number>();
      const leaders = new Map<number, number>();
      for (const g of dataGroups(s)) {
        for (const v of g.voters) replicas.set(Number(v), (replicas.get(Number(v)) ?? 0) + 1);
        leaders.set(Number(g.leader), (leaders.get(Number(g.leader)) ?? 0) + 1);
      }
      // 18 replicas and 6 leaders over 4 nodes: within one of the means (4.5 and 1.5).
      expect([1, 2, 3, joined.id].map((id) => replicas.get(id) ?? 0).every((n) => n === 4 || n === 5), JSON.stringify([...replicas])).toBe(true);
      expect([1, 2, 3, joined.id].map((id) => leaders.get(id) ?? 0).every((n) => n >= 1 && n <= 2), JSON.stringify([...leaders])).toBe(true);
    } finally {
      writing = false;
      await writer;
    }
    console.log(`scale-out 3 -> 4 nodes under load: ${ok + failed} write requests of 10 records, ${failed} failed, ${acked.length} records acknowledged`);
    try {
      expect(ok / (ok + failed), `${failed} of ${ok + failed} write requests failed`).toBeGreaterThanOrEqual(0.999);
      for (let i = 0; i < acked.length; i += 1_000) {
        const got = await sdk.get(C, acked.slice(i, i + 1_000), { withVectors: false });
        expect(got.missing).toEqual([]);
      }
      expect(acked.length).toBeGreaterThan(100);
    } finally {
      sdk.close();
    }
  }, 180_000);

  it('converges the replica count after collection update --replicas, up and down', async () => {
    const cluster = await startCluster(4);
    const c = cluster.nodes[0]!.client;
    await createAndFill(c, 3, 2);
    await c.call((o, cb) => c.vector.UpdateCollection({ name: C, replicas: 3 }, o, cb));
    await waitUntil('every group has 3 voters', async () => dataGroups(await statusOf(c)).every((g) => g.voters.length === 3 && g.learners.length === 0), 60_000);
    await c.call((o, cb) => c.vector.UpdateCollection({ name: C, replicas: 1 }, o, cb));
    await waitUntil('every group has 1 voter', async () => dataGroups(await statusOf(c)).every((g) => g.voters.length === 1), 60_000);
    expect(await allFound(c)).toBe(true);
  }, 120_000);

  it('shard move runs as an operator even with --manual-placement, and the replica ends on the target', async () => {
    const cluster = await startCluster(4, undefined, true);
    const c = cluster.nodes[0]!.client;
    await createAndFill(c, 1, 3);
    const g = dataGroups(await statusOf(c))[0]!;
    const from = Number(g.voters[0]);
    const to = [1, 2, 3, 4].find((n) => !g.voters.map(Number).includes(n))!;
    const bad = await callError(c.call((o, cb) => c.admin.MoveReplica({ groupId: Number(g.id), fromNode: to, toNode: from }, o, cb)));
    expect(bad.metadata.get('vstudio-field')).toEqual(['from_node']);
    await c.call((o, cb) => c.admin.MoveReplica({ groupId: Number(g.id), fromNode: from, toNode: to }, o, cb));
    await waitUntil('the replica moved', async () => {
      const now = dataGroups(await statusOf(c))[0]!;
      return now.voters.map(Number).includes(to) && !now.voters.map(Number).includes(from) && now.voters.length === 3;
    }, 60_000);
    expect(await allFound(other(cluster, from).client)).toBe(true);
  }, 120_000);

  it('refuses a replication factor above the active nodes, naming the field', async () => {
    const cluster = await startCluster(3);
    const c = cluster.nodes[0]!.client;
    await createAndFill(c, 1, 3);
    const err = await callError(c.call((o, cb) => c.vector.UpdateCollection({ name: C, replicas: 4 }, o, cb)));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.metadata.get('vstudio-field')).toEqual(['replicas']);
  }, 120_000);

  it('node drain moves every replica and leadership off the node; node remove refuses it before, accepts it after', async () => {
    const cluster = await startCluster(4);
    const c = cluster.nodes[0]!.client;
    await createAndFill(c, 4, 3);
    const drained = 4;
    const early = await callError(c.call((o, cb) => c.admin.SetNodeState({ nodeId: drained, state: 'removed' }, o, cb)));
    expect(early.code).toBe(status.FAILED_PRECONDITION);
    const minVoters = { seen: Infinity };
    await c.call((o, cb) => c.admin.SetNodeState({ nodeId: drained, state: 'draining' }, o, cb));
    await waitUntil('no data group has a replica on the drained node', async () => {
      const groups = dataGroups(await statusOf(c));
      for (const g of groups) minVoters.seen = Math.min(minVoters.seen, g.voters.length);
      return groups.every((g) => !g.voters.map(Number).includes(drained) && !g.learners.map(Number).includes(drained) && Number(g.leader) !== drained);
    }, 90_000);
    // Moves add before they remove: no group ever had fewer voters than its 3.
    expect(minVoters.seen).toBeGreaterThanOrEqual(3);
    const s = await statusOf(c);
    expect(s.nodes.find((n) => Number(n.id) === drained)).toMatchObject({ state: 'draining' });
    await waitUntil('the map shows no replica on the drained node', async () => {
      await c.call((o, cb) => c.admin.SetNodeState({ nodeId: drained, state: 'removed' }, o, cb));
      return true;
    }, 20_000);
    expect((await statusOf(c)).nodes.find((n) => Number(n.id) === drained)).toMatchObject({ state: 'removed' });
    expect(await allFound(c)).toBe(true);
    const ops = await c.call<ListOperatorsResponse__Output>((o, cb) => c.admin.ListOperators({ planNow: true }, o, cb));
    expect(ops.operators).toEqual([]);
  }, 150_000);

  it('a move interrupted by killing the coordinator completes under the next one, and no group ever has fewer voters than it started with', async () => {
    const cluster = await startCluster(5, 600_000);
    const c = cluster.nodes[0]!.client;
    await createAndFill(c, 5, 3);
    const metaLeader = Number((await statusOf(c)).groups.find((g) => Number(g.id) === 1)!.leader);
    const drained = [1, 2, 3, 4, 5].find((id) => id !== metaLeader)!;
    const asker = other(cluster, metaLeader, drained).client;
    let fewest = Infinity;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        try {
          for (const g of dataGroups(await statusOf(asker))) fewest = Math.min(fewest, g.voters.length);
        } catch {
          // A status round during the failover may fail; the next one counts.
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await c.call((o, cb) => c.admin.SetNodeState({ nodeId: drained, state: 'draining' }, o, cb));
      await waitUntil('an operator is under way', async () => {
        const ops = await c.call<ListOperatorsResponse__Output>((o, cb) => c.admin.ListOperators({ planNow: false }, o, cb));
        return ops.operators.some((o) => o.kind === 'move-replica');
      }, 30_000);
      await cluster.node(metaLeader).kill9();
      await waitUntil('the drain completed under a new coordinator', async () => {
        const s = await statusOf(asker);
        const newLeader = Number(s.groups.find((g) => Number(g.id) === 1)!.leader);
        const ops = await asker.call<ListOperatorsResponse__Output>((o, cb) => asker.admin.ListOperators({ planNow: false }, o, cb));
        return newLeader !== 0 && newLeader !== metaLeader && ops.operators.length === 0
          && dataGroups(s).every((g) => !g.voters.map(Number).includes(drained) && !g.learners.map(Number).includes(drained));
      }, 90_000);
    } finally {
      watching = false;
      await watcher;
    }
    expect(fewest).toBeGreaterThanOrEqual(3);
    expect(await allFound(asker)).toBe(true);
  }, 180_000);
});
