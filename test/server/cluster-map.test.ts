import { describe, expect, it } from 'vitest';
import { ClusterMap, decodeMetaCommand, encodeMetaCommand, type MetaCommand } from '../../src/server/cluster-map.js';
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
    expect(m.apply({ op: 'createCollection', name: 'a', schema, replicas: [1, 2, 3], sharding: 'consistent' })).toEqual({ ok: true, groupId: 2 });
    expect(m.apply({ op: 'createCollection', name: 'b', schema, replicas: [1, 2, 3], sharding: 'consistent' })).toEqual({ ok: true, groupId: 3 });
  });

  it('refuses a second collection of the same name and changes nothing', () => {
    const m = mapWith(3);
    m.apply({ op: 'createCollection', name: 'a', schema, replicas: [1, 2, 3], sharding: 'consistent' });
    const before = new TextDecoder().decode(m.encode());
    expect(m.apply({ op: 'createCollection', name: 'a', schema, replicas: [1], sharding: 'consistent' })).toMatchObject({ ok: false, code: 'COLLECTION_EXISTS' });
    expect(new TextDecoder().decode(m.encode())).toBe(before);
  });

  it('places a new group on the nodes holding the fewest replicas, ties broken by id', () => {
    const m = mapWith(5);
    expect(m.place(3)).toEqual([1, 2, 3]);
    m.apply({ op: 'createCollection', name: 'a', schema, replicas: m.place(3), sharding: 'consistent' });
    expect(m.place(3)).toEqual([1, 4, 5]);
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
});
