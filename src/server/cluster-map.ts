import type { NodeId } from '../raft/index.js';
import type { CollectionSchema } from '../store/vector/index.js';

/** A node of the cluster as the meta group records it. */
export interface ClusterNode {
  readonly id: NodeId;
  readonly clientAddress: string;
  readonly peerAddress: string;
  readonly zone: string;
}

/** A collection: in this version one shard, so one Raft group. */
export interface ClusterCollection {
  readonly name: string;
  readonly schema: CollectionSchema;
  readonly replicas: number;
  readonly sharding: string;
  readonly groupIds: readonly number[];
}

/** A data group and the nodes it was placed on (its founding voters). */
export interface ClusterGroup {
  readonly id: number;
  readonly collection: string;
  /** The id range it serves ("" = every id). */
  readonly range: string;
  readonly replicas: readonly NodeId[];
}

/** Commands of the meta group (JSON on the log: small and rare). */
export type MetaCommand =
  | { readonly op: 'registerNode'; readonly node: ClusterNode }
  | { readonly op: 'createCollection'; readonly name: string; readonly schema: CollectionSchema; readonly replicas: readonly NodeId[]; readonly sharding: string }
  | { readonly op: 'dropCollection'; readonly name: string }
  | { readonly op: 'setGroupReplicas'; readonly groupId: number; readonly replicas: readonly NodeId[] };

export type MetaResult =
  | { readonly ok: true; readonly groupId?: number }
  | { readonly ok: false; readonly code: 'COLLECTION_EXISTS' | 'COLLECTION_NOT_FOUND' | 'GROUP_NOT_FOUND' | 'INVALID_COMMAND'; readonly message: string };

/** The meta group is group 1; data groups are numbered from 2 in creation order. */
export const META_GROUP_ID = 1;
const FIRST_DATA_GROUP_ID = 2;

interface ClusterMapData {
  readonly nodes: ClusterNode[];
  readonly collections: ClusterCollection[];
  readonly groups: ClusterGroup[];
  readonly nextGroupId: number;
}

/**
 * The cluster map: nodes, collections and data groups. Changed only by applying meta commands
 * in log order, so every replica of the meta group holds the same map at the same index.
 */
export class ClusterMap {
  readonly nodes = new Map<NodeId, ClusterNode>();
  readonly collections = new Map<string, ClusterCollection>();
  readonly groups = new Map<number, ClusterGroup>();
  nextGroupId = FIRST_DATA_GROUP_ID;

  static decode(bytes: Uint8Array): ClusterMap {
    const m = new ClusterMap();
    if (bytes.length === 0) return m;
    const d = JSON.parse(new TextDecoder().decode(bytes)) as ClusterMapData;
    for (const n of d.nodes) m.nodes.set(n.id, n);
    for (const c of d.collections) m.collections.set(c.name, c);
    for (const g of d.groups) m.groups.set(g.id, g);
    m.nextGroupId = d.nextGroupId;
    return m;
  }

  encode(): Uint8Array {
    const d: ClusterMapData = {
      nodes: [...this.nodes.values()], collections: [...this.collections.values()], groups: [...this.groups.values()], nextGroupId: this.nextGroupId,
    };
    return new TextEncoder().encode(JSON.stringify(d));
  }

  /** Applies one command; deterministic, and a refusal changes nothing. */
  apply(c: MetaCommand): MetaResult {
    switch (c.op) {
      case 'registerNode':
        this.nodes.set(c.node.id, c.node);
        return { ok: true };
      case 'createCollection': {
        if (this.collections.has(c.name)) return { ok: false, code: 'COLLECTION_EXISTS', message: `collection "${c.name}" already exists` };
        const groupId = this.nextGroupId++;
        this.groups.set(groupId, { id: groupId, collection: c.name, range: '', replicas: [...c.replicas] });
        this.collections.set(c.name, { name: c.name, schema: c.schema, replicas: c.replicas.length, sharding: c.sharding, groupIds: [groupId] });
        return { ok: true, groupId };
      }
      case 'dropCollection': {
        const col = this.collections.get(c.name);
        if (col === undefined) return { ok: false, code: 'COLLECTION_NOT_FOUND', message: `collection "${c.name}" does not exist` };
        this.collections.delete(c.name);
        for (const id of col.groupIds) this.groups.delete(id);
        return { ok: true };
      }
      case 'setGroupReplicas': {
        const g = this.groups.get(c.groupId);
        if (g === undefined) return { ok: false, code: 'GROUP_NOT_FOUND', message: `group ${c.groupId} does not exist` };
        this.groups.set(g.id, { ...g, replicas: [...c.replicas] });
        return { ok: true };
      }
      default:
        return { ok: false, code: 'INVALID_COMMAND', message: `unknown meta command ${JSON.stringify(c)}` };
    }
  }

  /**
   * Where a new group of `replicas` replicas goes: the nodes holding the fewest replicas, ties
   * broken by id. Computed by the meta leader when it proposes, so apply stays a plain record.
   */
  place(replicas: number): NodeId[] {
    const load = new Map<NodeId, number>([...this.nodes.keys()].map((id) => [id, 0]));
    for (const g of this.groups.values()) for (const n of g.replicas) load.set(n, (load.get(n) ?? 0) + 1);
    return [...load].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, replicas).map(([id]) => id).sort((a, b) => a - b);
  }
}

export function encodeMetaCommand(c: MetaCommand): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(c));
}

export function decodeMetaCommand(bytes: Uint8Array): MetaCommand | null {
  try {
    const c = JSON.parse(new TextDecoder().decode(bytes)) as MetaCommand;
    return typeof c === 'object' && c !== null && typeof c.op === 'string' ? c : null;
  } catch {
    return null;
  }
}
