import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCluster } from '../client/support/fake-cluster.js';
import { runCli, type CliRun } from './support/run-cli.js';

describe('vstudio coordinator commands', () => {
  let cluster: FakeCluster;
  let env: Record<string, string>;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1);
    env = { VSTUDIO_ENDPOINTS: cluster.endpoints.join(',') };
    expect((await run(['collection', 'create', 'demo', '--dim', '3'])).code).toBe(0);
  });

  afterEach(() => {
    cluster.stop();
  });

  function run(argv: string[]): Promise<CliRun> {
    return runCli(argv, { env });
  }

  it('node drain, undrain and remove set the node state the coordinator acts on', async () => {
    expect(await run(['node', 'drain', '3'])).toMatchObject({ code: 0, stdout: 'node 3 is draining\n' });
    expect(await run(['node', 'undrain', '3', '--json'])).toMatchObject({ code: 0, stdout: '{"node":3,"state":"active"}\n' });
    expect(await run(['node', 'remove', '3'])).toMatchObject({ code: 0, stdout: 'node 3 is removed\n' });
    expect(cluster.node(0).callsOf('SetNodeState').map((c) => c.request)).toEqual([
      { nodeId: 3, state: 'draining' }, { nodeId: 3, state: 'active' }, { nodeId: 3, state: 'removed' },
    ]);
  });

  it('node list shows every node with its state', async () => {
    const r = await run(['node', 'list']);
    expect(r.stdout).toMatch(/^NODE\s+CLIENT\s+PEER\s+ZONE\s+STATE\s+REPLICAS\s+LEADERS\n\s+1\s+127\.0\.0\.1:7001/);
    expect(Object.keys(JSON.parse((await run(['node', 'list', '--json'])).stdout) as object)).toEqual(['nodes']);
  });

  it('operators lists the operators under way, and says so when there are none', async () => {
    expect((await run(['operators'])).stdout).toBe('no operators: the cluster is balanced and whole\n');
    cluster.store.operators = { operators: [{ id: 4, kind: 'move-replica', groupId: 2, from: 1, to: 3, step: 'adding', startedAtMs: Date.now() }], planned: 1 };
    expect((await run(['operators'])).stdout).toMatch(/^ID\s+KIND\s+GROUP\s+NODES\s+STEP\s+AGE\n\s*4\s+move-replica\s+2\s+1 -> 3\s+adding\s+\d+s\n$/);
  });

  it('rebalance asks for a planning round; --wait returns once nothing is under way or planned', async () => {
    expect((await run(['rebalance', '--wait', '--json'])).stdout).toBe('{"balanced":true,"planned":0,"operators":[]}\n');
    expect(cluster.node(0).callsOf('ListOperators').at(-1)!.request).toEqual({ planNow: true });
  });

  it('rebalance --wait gives up after --wait-timeout while operators stay under way, exit 1', async () => {
    cluster.store.operators = { operators: [{ id: 1, kind: 'add-replica', groupId: 2, node: 3, step: 'adding', startedAtMs: Date.now() }], planned: 0 };
    const r = await run(['rebalance', '--wait', '--wait-timeout', '300ms']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^DEADLINE_EXCEEDED: still 1 operators under way/);
  });

  it('collection update --replicas sends the new replication factor', async () => {
    const r = await run(['collection', 'update', 'demo', '--replicas', '2', '--json']);
    expect(r.code).toBe(0);
    expect(cluster.node(0).callsOf('UpdateCollection')[0]!.request).toEqual({ name: 'demo', replicas: 2 });
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'demo', replicas: 2 });
  });

  it('shard move asks the coordinator to move one replica', async () => {
    expect((await run(['shard', 'move', '2', '--from', '1', '--to', '4'])).stdout).toBe("moving group 2's replica from node 1 to node 4 (operator 9)\n");
    expect(cluster.node(0).callsOf('MoveReplica')[0]!.request).toEqual({ groupId: 2, fromNode: 1, toNode: 4 });
  });

  it('shard split and shard add ask for a reshard', async () => {
    expect((await run(['shard', 'split', 'demo', '0', '--at', 'm'])).stdout).toBe('splitting shard 0 of "demo" at "m" (operator 7)\n');
    expect((await run(['shard', 'add', 'demo', '--json'])).stdout).toBe('{"operatorId":7,"shardingJson":"{\\"kind\\":\\"range\\"}"}\n');
    expect(cluster.node(0).callsOf('Reshard').map((c) => c.request)).toEqual([
      { collection: 'demo', change: 'split', split: { shard: 0, splitKey: 'm' } }, { collection: 'demo', change: 'addShard', addShard: true },
    ]);
  });
});
