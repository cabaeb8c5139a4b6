import { describe, expect, it } from 'vitest';
import { ClusterMap, decodeMetaCommand, encodeMetaCommand, type MetaCommand } from '../../src/server/cluster-map.js';
import { consistentDescription, hashModDescription, idRangesDescription } from '../../src/shard/index.js';
import { defineSchema } from '../../src/store/vector/index.js';

function mapWith(nodes: number): ClusterMap {
  const m = new ClusterMap();
  for (let id = 1; id <= nodes; id++) m.apply({ op: 'registerNode', node: { id, clientAddress: `c${id}`, peerAddress: `p${id}`, zone: '' } });
  return m;
}

const schema = defineSchema({ name: 'a', dimension: 4 });

describe('the cluster map', () => {
  it('numbers data groups from 2 in creation order (group 1 is the meta group)', () => {
    const m = mapWith(3);
    expect(m.apply({ op: 'createCollection', name: 'a', schema, description: consistentDescription(1), placements: [[1, 2, 3]] })).toEqual({ ok: true, groupIds: [2] });
    expect(m.apply({ op: 'createCollection', name: 'b', schema, description: hashModDescription(2), placements: [[1, 2, 3], [1, 2, 3]] })).toEqual({ ok: true, groupIds: [3, 4] });
  });

  it('refuses a second collection of the same name and changes nothing', () => {
    const m = mapWith(3);
    m.apply({ op: 'createCollection', name: 'a', schema, description: consistentDescription(1), placements: [[1, 2, 3]] });
    const before = new TextDecoder().decode(m.encode());
    expect(m.apply({ op: 'createCollection', name: 'a', schema, replicas: [1], sharding: 'consistent' })).toMatchObject({ ok: false, code: 'COLLECTION_EXISTS' });
    expect(new TextDecoder().decode(m.encode())).toBe(before);
  });

  it('places a new group on the nodes holding the fewest replicas, ties broken by id', () => {
    const m = mapWith(5);
    expect(m.place(3)).toEqual([[1, 2, 3]]);
    m.apply({ op: 'createCollection', name: 'a', schema, description: consistentDescription(1), placements: m.place(3) });
    expect(m.place(3)).toEqual([[1, 4, 5]]);
  });

  it('spreads the shards of one collection evenly: 8 shards x 3 replicas on 5 nodes put 4 or 5 replicas on each node', () => {
    const m = mapWith(5);
    const placements = m.place(3, 8);
    expect(m.apply({ op: 'createCollection', name: 'a', schema, description: consistentDescription(8), placements })).toMatchObject({ ok: true });
    const perNode = new Map<number, number>();
    for (const g of m.groups.values()) {
      expect(new Set(g.replicas).size).toBe(3);
      for (const n of g.replicas) perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    expect([...perNode.values()].sort()).toEqual([4, 5, 5, 5, 5]);
  });

  it('gives each group of a sharded collection its range and the range epoch', () => {
    const m = mapWith(3);
    m.apply({ op: 'createCollection', name: 'r', schema, description: idRangesDescription(['m']), placements: [[1, 2, 3], [1, 2, 3]] });
    expect([...m.groups.values()].map((g) => [g.id, g.range, g.epoch])).toEqual([[2, 0, 1], [3, 1, 1]]);
    expect(m.collections.get('r')).toMatchObject({ sharding: 'range', groupIds: [2, 3], replicas: 3 });
  });

  it('refuses a create whose placements do not match its ranges, and changes nothing', () => {
    const m = mapWith(3);
    const before = new TextDecoder().decode(m.encode());
    expect(m.apply({ op: 'createCollection', name: 'a', schema, description: hashModDescription(3), placements: [[1, 2, 3]] })).toMatchObject({ ok: false, code: 'INVALID_COMMAND' });
    expect(new TextDecoder().decode(m.encode())).toBe(before);
  });

  it('still applies a create command written before shards existed (one group serving every id)', () => {
    const m = mapWith(3);
    expect(m.apply({ op: 'createCollection', name: 'old', schema, replicas: [1, 2, 3], sharding: 'consistent' })).toEqual({ ok: true, groupIds: [2] });
    expect(m.collections.get('old')).toMatchObject({ sharding: 'consistent', description: consistentDescription(1), groupIds: [2] });
  });

  it('decodes a map stored before shards existed as one-range collections', () => {
    const old = { nodes: [], collections: [{ name: 'old', schema, replicas: 3, sharding: 'consistent', groupIds: [2] }], groups: [{ id: 2, collection: 'old', range: '', replicas: [1, 2, 3] }], nextGroupId: 3 };
    const m = ClusterMap.decode(new TextEncoder().encode(JSON.stringify(old)));
    expect(m.collections.get('old')?.description).toEqual(consistentDescription(1));
    expect(m.groups.get(2)).toMatchObject({ range: 0, epoch: 1 });
  });

  it('dropping a collection removes its groups', () => {
    const m = mapWith(3);
    m.apply({ op: 'createCollection', name: 'a', schema, replicas: [1, 2, 3], sharding: 'consistent' });
    expect(m.apply({ op: 'dropCollection', name: 'a' })).toEqual({ ok: true });
    expect(m.groups.size).toBe(0);
    expect(m.apply({ op: 'dropCollection', name: 'a' })).toMatchObject({ ok: false, code: 'COLLECTION_NOT_FOUND' });
  });

  it('encodes and decodes to the same map', () => {
    const m = mapWith(3);
    m.apply({ op: 'createCollection', name: 'a', schema, replicas: [1, 2], sharding: 'consistent' });
    const back = ClusterMap.decode(m.encode());
    expect(back.encode()).toEqual(m.encode());
    expect(back.nextGroupId).toBe(3);
  });

  it('a meta command round-trips through its encoding; garbage decodes to null', () => {
    const c: MetaCommand = { op: 'setGroupReplicas', groupId: 2, replicas: [1, 3] };
    expect(decodeMetaCommand(encodeMetaCommand(c))).toEqual(c);
    expect(decodeMetaCommand(new Uint8Array([0xff, 0x00]))).toBeNull();
  });

  it('a reshard founds pending groups for the changed ranges only, and its commit routes them and retires the old ones', () => {
    const m = mapWith(3);
    m.apply({ op: 'createCollection', name: 'r', schema, description: idRangesDescription(['m']), placements: [[1, 2, 3], [1, 2, 3]] });
    const next = { kind: 'range' as const, nextRangeId: 3, ranges: [{ id: 0, epoch: 1, start: '' }, { id: 1, epoch: 2, start: 'm' }, { id: 2, epoch: 2, start: 't' }] };
    expect(m.apply({ op: 'beginReshard', collection: 'r', description: next, placements: { 1: [1, 2], 2: [2, 3] } })).toEqual({ ok: true, groupIds: [2, 4, 5] });
    expect(m.collections.get('r')?.groupIds).toEqual([2, 3]);
    expect(m.groups.get(4)).toMatchObject({ pending: true, range: 1, epoch: 2, replicas: [1, 2] });
    expect(m.apply({ op: 'commitReshard', collection: 'r' })).toEqual({ ok: true });
    expect(m.collections.get('r')).toMatchObject({ groupIds: [2, 4, 5], description: next });
    expect(m.collections.get('r')?.reshard).toBeUndefined();
    expect(m.groups.has(3)).toBe(false);
    expect(m.groups.get(4)?.pending).toBeUndefined();
  });

  it('an aborted reshard leaves the collection as it was and drops its pending groups', () => {
    const m = mapWith(3);
    m.apply({ op: 'createCollection', name: 'r', schema, description: idRangesDescription([]), placements: [[1, 2, 3]] });
    const before = new TextDecoder().decode(m.encode());
    m.apply({ op: 'beginReshard', collection: 'r', description: { kind: 'range', nextRangeId: 2, ranges: [{ id: 0, epoch: 2, start: '' }, { id: 1, epoch: 2, start: 'm' }] }, placements: { 0: [1, 2, 3], 1: [1, 2, 3] } });
    expect(m.groups.size).toBe(3);
    m.apply({ op: 'abortReshard', collection: 'r' });
    expect(m.groups.size).toBe(1);
    expect(JSON.parse(new TextDecoder().decode(m.encode())).collections).toEqual(JSON.parse(before).collections);
  });
});
