import { status } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { FIELD_METADATA_KEY, OUTCOME_METADATA_KEY } from '../../src/wire/metadata.js';
import { count, createCollection, get, upsert } from './support/records.js';
import { TestCluster, type TestNode } from './support/test-cluster.js';
import { callError, trailer } from './support/wire-client.js';
import { waitUntil } from './support/wait-until.js';

const C = 'docs';
/** The first data group (group 1 is the meta group). */
const GROUP = 2;
const clusters: TestCluster[] = [];

afterEach(async () => {
  for (const c of clusters.splice(0)) await c.close();
}, 60_000);

async function startCluster(options: Parameters<typeof TestCluster.start>[0] = {}): Promise<TestCluster> {
  const c = await TestCluster.start(options);
  clusters.push(c);
  await createCollection(c.nodes[0]!.client, C);
  return c;
}

/** Moves the leadership of `group` to `to` and waits until it holds. */
async function makeLeader(cluster: TestCluster, group: number, to: TestNode): Promise<void> {
  await waitUntil(`node ${to.id} leads group ${group}`, async () => {
    const leader = await cluster.leaderOf(group);
    if (leader.id === to.id) return true;
    await to.client.call((o, cb) => to.client.admin.TransferLeader({ groupId: group, toNode: to.id }, o, cb), 5_000);
    return (await cluster.leaderOf(group)).id === to.id;
  });
}

describe('failures', () => {
  it('ack=all with one replica down fails with outcome unknown, and the write is still committed', async () => {
    const cluster = await startCluster();
    const leader = await cluster.leaderOf(GROUP);
    const follower = cluster.nodes.find((n) => n.id !== leader.id)!;
    await follower.stop();
    const e = await callError(upsert(leader.client, C, ['all-down'], { ack: 'ACK_LEVEL_ALL' }, 2_000));
    expect([status.DEADLINE_EXCEEDED, status.UNAVAILABLE]).toContain(e.code);
    expect(trailer(e, OUTCOME_METADATA_KEY)).toBe('unknown');
    const got = await get(leader.client, C, ['all-down']);
    expect(got.records.map((r) => r.id)).toEqual(['all-down']);
  }, 120_000);

  it('a replica cut off from its leader refuses follower reads beyond max_staleness_ms, naming it', async () => {
    const cluster = await startCluster();
    const isolated = cluster.node(3);
    await makeLeader(cluster, GROUP, cluster.node(1));
    await makeLeader(cluster, 1, cluster.node(1));
    await upsert(cluster.node(1).client, C, ['fresh']);
    await waitUntil('node 3 serves a fresh follower read', async () => (await get(isolated.client, C, ['fresh'], 'CONSISTENCY_FOLLOWER', 1_000)).records.length === 1);
    isolated.isolate();
    await new Promise((r) => setTimeout(r, 1_000));
    const e = await callError(get(isolated.client, C, ['fresh'], 'CONSISTENCY_FOLLOWER', 300));
    expect(e.code).toBe(status.FAILED_PRECONDITION);
    expect(trailer(e, FIELD_METADATA_KEY)).toBe('read.max_staleness_ms');
    expect(e.details).toContain('max_staleness_ms 300');
    isolated.heal();
  }, 120_000);

  it('kill -9 of the leader during majority writes loses no acknowledged write; it restarts and catches up by snapshot', async () => {
    const cluster = await startCluster({ compactEveryEntries: 20 });
    const leader = await cluster.leaderOf(GROUP);
    const others = cluster.nodes.filter((n) => n.id !== leader.id);
    const acked: string[] = [];
    let stop = false;
    let next = 0;
    const writer = async (via: TestNode): Promise<void> => {
      while (!stop) {
        const id = `w-${next++}`;
        try {
          await upsert(via.client, C, [id], {}, 3_000);
          acked.push(id);
        } catch {
          // Unavailable or outcome unknown while the leader is gone: not acknowledged, not counted.
        }
      }
    };
    const writers = [writer(others[0]!), writer(others[1]!), writer(others[0]!), writer(others[1]!)];
    await new Promise((r) => setTimeout(r, 700));
    await leader.kill9();
    const killedAt = acked.length;
    // Keep writing long enough for the survivors to compact their logs past the dead node.
    await waitUntil('60 writes acknowledged after the kill', () => Promise.resolve(acked.length >= killedAt + 60), 30_000);
    stop = true;
    await Promise.all(writers);
    for (const n of others) {
      const got = await get(n.client, C, acked);
      expect(got.missing).toEqual([]);
    }
    await leader.restart();
    await waitUntil('the restarted node holds every acknowledged write', async () => {
      const got = await get(leader.client, C, acked, 'CONSISTENCY_FOLLOWER', 60_000);
      return got.missing.length === 0;
    }, 30_000);
    expect(leader.output).toContain('snapshot_received');
    expect(await count(leader.client, C, 'CONSISTENCY_FOLLOWER', 60_000)).toBe(await count(others[0]!.client, C));
  }, 120_000);

  it('a minority-partitioned leader stops serving writes and linearizable reads; the majority elects a new leader', async () => {
    const cluster = await startCluster();
    const old = cluster.node(3);
    await makeLeader(cluster, GROUP, old);
    await upsert(old.client, C, ['before']);
    old.isolate();
    // At once, while it still believes it leads: a linearizable read needs a quorum's heartbeat answers.
    const read = await callError(get(old.client, C, ['before'], 'CONSISTENCY_LINEARIZABLE', 0, 3_000));
    expect([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]).toContain(read.code);
    const write = await callError(upsert(old.client, C, ['cut-off'], {}, 3_000));
    expect([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]).toContain(write.code);
    const majority = cluster.node(1);
    await waitUntil('the majority accepts writes', async () => (await upsert(majority.client, C, ['after'], {}, 2_000)).upserted === 1);
    const got = await get(majority.client, C, ['before', 'after']);
    expect(got.missing).toEqual([]);
    old.heal();
  }, 120_000);

  it('SIGTERM hands the leaderships of the stopping node to another voter first', async () => {
    const cluster = await startCluster();
    const leader = await cluster.leaderOf(GROUP);
    await leader.stop();
    // The stopping node itself gave its leadership up (to the transferee's election) before it exited.
    const handedOver = leader.output.split('\n').filter((l) => l.includes('"event":"leader_changed"')).map((l) => JSON.parse(l) as { group: number; previous: number; leader: number })
      .some((e) => e.group === GROUP && e.previous === leader.id && e.leader !== leader.id);
    expect(handedOver, leader.output.slice(-2500)).toBe(true);
    const survivor = cluster.nodes.find((n) => n.running)!;
    const next = await cluster.leaderOf(GROUP, 3_000);
    expect(next.id).not.toBe(leader.id);
    expect((await upsert(survivor.client, C, ['after-stop'], {}, 3_000)).upserted).toBe(1);
  }, 120_000);
});
