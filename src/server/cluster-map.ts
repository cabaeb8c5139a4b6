import type { NodeId } from '../raft/index.js';
import { consistentDescription, fromDescription, type Epoch, type RangeId, type ShardingDescription, type ShardingKind } from '../shard/index.js';
import type { CollectionSchema } from '../store/vector/index.js';

/**
 * What an operator asked of a node: `draining` moves every replica and leadership off it,
 * `removed` retires it (it is placed on no more). Liveness (up, suspect, down) is not recorded:
 * the coordinator observes it.
 */
export type NodeAdminState = 'active' | 'draining' | 'removed';

/** A node of the cluster as the meta group records it. */
export interface ClusterNode {
  readonly id: NodeId;
  readonly clientAddress: string;
  readonly peerAddress: string;
  readonly zone: string;
  /** Absent = active. */
  readonly state?: NodeAdminState;
}

/** A change of one group the coordinator runs step by step (the planner's operators, with why it chose them). */
export type OperatorSpec = (
  | { readonly kind: 'add-replica'; readonly group: number; readonly node: NodeId }
  | { readonly kind: 'remove-replica'; readonly group: number; readonly node: NodeId }
  | { readonly kind: 'move-replica'; readonly group: number; readonly from: NodeId; readonly to: NodeId }
  | { readonly kind: 'transfer-leader'; readonly group: number; readonly from: NodeId; readonly to: NodeId }
  | { readonly kind: 'split'; readonly group: number }
  /**
   * Copies the retired groups' records into the new groups of `description`, then switches the
   * collection to it (`group` is the first retired group; all of them are `groups`).
   */
  | { readonly kind: 'reshard'; readonly group: number; readonly groups: readonly number[]; readonly collection: string; readonly description: ShardingDescription }
) & { readonly reason?: 'repair' | 'replication' | 'drain' | 'zone' | 'balance-replicas' | 'balance-leaders' | 'split' };

/** An operator in progress, recorded so that a new coordinator resumes it. */
export interface ClusterOperator {
  readonly id: number;
  readonly spec: OperatorSpec;
  /** The step it is at: `start`, then kind-specific steps (`adding`, `removing`, `rolling-back`). */
  readonly step: string;
  /** When it was started, ms since the epoch, by the coordinator's clock (for display). */
  readonly startedAtMs: number;
}

/** A collection: a sharding strategy whose every range is one Raft group. */
export interface ClusterCollection {
  readonly name: string;
  readonly schema: CollectionSchema;
  /** The replication factor: voters per group. */
  readonly replicas: number;
  readonly sharding: ShardingKind;
  /** The strategy's description (ranges and their epochs), as committed. */
  readonly description: ShardingDescription;
  /** The group of each range, in the strategy's range order (as `description.ranges`). */
  readonly groupIds: readonly number[];
  /** A reshard under way: the description and groups the collection will have, and the groups it retires. */
  readonly reshard?: { readonly description: ShardingDescription; readonly groupIds: readonly number[]; readonly retired: readonly number[] };
}

/** A data group: one range of one collection, and the nodes it was placed on (its voters). */
export interface ClusterGroup {
  readonly id: number;
  readonly collection: string;
  /** The range it serves, an id within its collection's description. */
  readonly range: RangeId;
  /** The range's epoch when this map was written (requests routed with another are refused). */
  readonly epoch: Epoch;
  readonly replicas: readonly NodeId[];
  /** A reshard's new group: founded and filled, but not routed to until the reshard commits. */
  readonly pending?: boolean;
}

/** Commands of the meta group (JSON on the log: small and rare). */
export type MetaCommand =
  | { readonly op: 'registerNode'; readonly node: ClusterNode }
  | { readonly op: 'createCollection'; readonly name: string; readonly schema: CollectionSchema; readonly description: ShardingDescription; readonly placements: readonly (readonly NodeId[])[] }
  /** As written before collections had shards: one group on `replicas`. Still applied when replayed. */
  | { readonly op: 'createCollection'; readonly name: string; readonly schema: CollectionSchema; readonly replicas: readonly NodeId[]; readonly sharding: string }
  | { readonly op: 'dropCollection'; readonly name: string }
  | { readonly op: 'setNodeState'; readonly node: NodeId; readonly state: NodeAdminState }
  | { readonly op: 'setReplicationFactor'; readonly collection: string; readonly replicas: number }
  | { readonly op: 'startOperator'; readonly spec: OperatorSpec; readonly startedAtMs: number }
  | { readonly op: 'operatorStep'; readonly id: number; readonly step: string }
  | { readonly op: 'finishOperator'; readonly id: number }
  /** Founds (pending) a group per range of `description` that differs from the collection's current ones. */
  | { readonly op: 'beginReshard'; readonly collection: string; readonly description: ShardingDescription; readonly placements: Readonly<Record<string, readonly NodeId[]>> }
  /** Routes the collection by its pending description; the retired groups leave the map. */
  | { readonly op: 'commitReshard'; readonly collection: string }
  /**
   * Abandons a reshard not yet committed: its pending groups go, and its operator moves to the
   * `unfreezing` step (the retired groups are unfrozen only after this is committed, so that a
   * deposed coordinator can never unfreeze groups that a successor is still copying).
   */
  | { readonly op: 'abortReshard'; readonly collection: string; readonly operatorId?: number }
  | { readonly op: 'setGroupReplicas'; readonly groupId: number; readonly replicas: readonly NodeId[] };

export type MetaResult =
  | { readonly ok: true; readonly groupIds?: readonly number[]; readonly operatorId?: number; readonly aborted?: boolean }
  | { readonly ok: false; readonly code: 'COLLECTION_EXISTS' | 'COLLECTION_NOT_FOUND' | 'GROUP_NOT_FOUND' | 'NODE_NOT_FOUND' | 'OPERATOR_CONFLICT' | 'INVALID_COMMAND'; readonly message: string };

/** The meta group is group 1; data groups are numbered from 2 in creation order. */
export const META_GROUP_ID = 1;
const FIRST_DATA_GROUP_ID = 2;

interface ClusterMapData {
  readonly nodes: ClusterNode[];
  readonly collections: ClusterCollection[];
  readonly groups: ClusterGroup[];
  readonly nextGroupId: number;
  readonly operators?: ClusterOperator[];
  readonly nextOperatorId?: number;
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
  readonly operators = new Map<number, ClusterOperator>();
  nextOperatorId = 1;

  static decode(bytes: Uint8Array): ClusterMap {
    const m = new ClusterMap();
    if (bytes.length === 0) return m;
    const d = JSON.parse(new TextDecoder().decode(bytes)) as ClusterMapData;
    for (const n of d.nodes) m.nodes.set(n.id, n);
    for (const c of d.collections) m.collections.set(c.name, upgradeCollection(c));
    for (const g of d.groups) m.groups.set(g.id, upgradeGroup(g));
    m.nextGroupId = d.nextGroupId;
    for (const o of d.operators ?? []) m.operators.set(o.id, o);
    m.nextOperatorId = d.nextOperatorId ?? 1;
    return m;
  }

  encode(): Uint8Array {
    const d: ClusterMapData = {
      nodes: [...this.nodes.values()], collections: [...this.collections.values()], groups: [...this.groups.values()], nextGroupId: this.nextGroupId,
      operators: [...this.operators.values()], nextOperatorId: this.nextOperatorId,
    };
    return new TextEncoder().encode(JSON.stringify(d));
  }

  /** Applies one command; deterministic, and a refusal changes nothing. */
  apply(c: MetaCommand): MetaResult {
    switch (c.op) {
      case 'registerNode': {
        // Re-registering (a restart, a new address) keeps what an operator asked of the node.
        const state = this.nodes.get(c.node.id)?.state;
        this.nodes.set(c.node.id, state === undefined ? c.node : { ...c.node, state });
        return { ok: true };
      }
      case 'setNodeState': {
        const n = this.nodes.get(c.node);
        if (n === undefined) return { ok: false, code: 'NODE_NOT_FOUND', message: `node ${c.node} is not in the cluster` };
        this.nodes.set(n.id, { ...n, state: c.state });
        return { ok: true };
      }
      case 'setReplicationFactor': {
        const col = this.collections.get(c.collection);
        if (col === undefined) return { ok: false, code: 'COLLECTION_NOT_FOUND', message: `collection "${c.collection}" does not exist` };
        this.collections.set(col.name, { ...col, replicas: c.replicas });
        return { ok: true };
      }
      case 'startOperator': {
        if (!this.groups.has(c.spec.group)) return { ok: false, code: 'GROUP_NOT_FOUND', message: `group ${c.spec.group} does not exist` };
        const groupsOf = (s: OperatorSpec): readonly number[] => (s.kind === 'reshard' ? s.groups : [s.group]);
        for (const o of this.operators.values()) {
          const clash = groupsOf(o.spec).find((g) => groupsOf(c.spec).includes(g));
          if (clash !== undefined) return { ok: false, code: 'OPERATOR_CONFLICT', message: `group ${clash} already has operator ${o.id} (${o.spec.kind})` };
          if (o.spec.kind === 'reshard' && c.spec.kind === 'reshard' && o.spec.collection === c.spec.collection) {
            return { ok: false, code: 'OPERATOR_CONFLICT', message: `collection "${c.spec.collection}" is already being resharded (operator ${o.id})` };
          }
        }
        const id = this.nextOperatorId++;
        this.operators.set(id, { id, spec: c.spec, step: 'start', startedAtMs: c.startedAtMs });
        return { ok: true, operatorId: id };
      }
      case 'operatorStep': {
        const o = this.operators.get(c.id);
        if (o === undefined) return { ok: false, code: 'INVALID_COMMAND', message: `no operator ${c.id}` };
        this.operators.set(o.id, { ...o, step: c.step });
        return { ok: true };
      }
      case 'finishOperator':
        this.operators.delete(c.id);
        return { ok: true };
      case 'beginReshard':
        return this.beginReshard(c);
      case 'commitReshard': {
        const col = this.collections.get(c.collection);
        if (col === undefined) return { ok: false, code: 'COLLECTION_NOT_FOUND', message: `collection "${c.collection}" does not exist` };
        if (col.reshard === undefined) return { ok: true };
        const r = col.reshard;
        for (const id of r.retired) this.groups.delete(id);
        for (const id of r.groupIds) {
          const g = this.groups.get(id);
          if (g?.pending === true) this.groups.set(id, { id: g.id, collection: g.collection, range: g.range, epoch: g.epoch, replicas: g.replicas });
        }
        this.collections.set(col.name, { name: col.name, schema: col.schema, replicas: col.replicas, sharding: col.sharding, description: r.description, groupIds: [...r.groupIds] });
        return { ok: true };
      }
      case 'abortReshard': {
        const col = this.collections.get(c.collection);
        const op = c.operatorId === undefined ? undefined : this.operators.get(c.operatorId);
        if (col?.reshard === undefined) {
          // Committed already (or never begun, so nothing was frozen): nothing to undo.
          if (op !== undefined) this.operators.delete(op.id);
          return { ok: true, aborted: false };
        }
        for (const id of col.reshard.groupIds) if (this.groups.get(id)?.pending === true) this.groups.delete(id);
        this.collections.set(col.name, { name: col.name, schema: col.schema, replicas: col.replicas, sharding: col.sharding, description: col.description, groupIds: col.groupIds });
        if (op !== undefined) this.operators.set(op.id, { ...op, step: 'unfreezing' });
        return { ok: true, aborted: true };
      }
      case 'createCollection': {
        if (this.collections.has(c.name)) return { ok: false, code: 'COLLECTION_EXISTS', message: `collection "${c.name}" already exists` };
        const { description, placements } = 'placements' in c ? c : { description: consistentDescription(1), placements: [c.replicas] };
        let ranges;
        try {
          ranges = fromDescription(description).ranges();
        } catch (e) {
          return { ok: false, code: 'INVALID_COMMAND', message: `collection "${c.name}": ${e instanceof Error ? e.message : String(e)}` };
        }
        if (placements.length !== ranges.length || placements.some((p) => p.length === 0)) {
          return { ok: false, code: 'INVALID_COMMAND', message: `collection "${c.name}": ${placements.length} placements for ${ranges.length} ranges` };
        }
        const groupIds = ranges.map((r, i) => {
          const id = this.nextGroupId++;
          this.groups.set(id, { id, collection: c.name, range: r.id, epoch: r.epoch, replicas: [...placements[i]!] });
          return id;
        });
        this.collections.set(c.name, { name: c.name, schema: c.schema, replicas: placements[0]!.length, sharding: description.kind, description, groupIds });
        return { ok: true, groupIds };
      }
      case 'dropCollection': {
        const col = this.collections.get(c.name);
        if (col === undefined) return { ok: false, code: 'COLLECTION_NOT_FOUND', message: `collection "${c.name}" does not exist` };
        this.collections.delete(c.name);
        for (const id of [...col.groupIds, ...(col.reshard?.groupIds ?? [])]) this.groups.delete(id);
        for (const o of [...this.operators.values()]) if (col.groupIds.includes(o.spec.group)) this.operators.delete(o.id);
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

  private beginReshard(c: Extract<MetaCommand, { op: 'beginReshard' }>): MetaResult {
    const col = this.collections.get(c.collection);
    if (col === undefined) return { ok: false, code: 'COLLECTION_NOT_FOUND', message: `collection "${c.collection}" does not exist` };
    if (col.reshard !== undefined) {
      if (JSON.stringify(col.reshard.description) !== JSON.stringify(c.description)) {
        return { ok: false, code: 'OPERATOR_CONFLICT', message: `collection "${c.collection}" has another reshard under way` };
      }
      return { ok: true, groupIds: col.reshard.groupIds };
    }
    let next;
    try {
      next = fromDescription(c.description).ranges();
    } catch (e) {
      return { ok: false, code: 'INVALID_COMMAND', message: `collection "${c.collection}": ${e instanceof Error ? e.message : String(e)}` };
    }
    const current = new Map(col.description.ranges.map((r, i) => [r.id, { epoch: r.epoch, group: col.groupIds[i]! }]));
    const kept = new Set<number>();
    const groupIds: number[] = [];
    for (const r of next) {
      const cur = current.get(r.id);
      if (cur !== undefined && cur.epoch === r.epoch) {
        kept.add(cur.group);
        groupIds.push(cur.group);
        continue;
      }
      const placement = c.placements[String(r.id)];
      if (placement === undefined || placement.length === 0) return { ok: false, code: 'INVALID_COMMAND', message: `reshard of "${c.collection}": no placement for range ${r.id}` };
      const id = this.nextGroupId++;
      this.groups.set(id, { id, collection: col.name, range: r.id, epoch: r.epoch, replicas: [...placement], pending: true });
      groupIds.push(id);
    }
    const retired = col.groupIds.filter((g) => !kept.has(g));
    this.collections.set(col.name, { ...col, reshard: { description: c.description, groupIds, retired } });
    return { ok: true, groupIds };
  }

  /**
   * Where `groups` new groups of `replicas` replicas each go: each on the nodes holding the fewest
   * replicas (counting the ones placed before it), ties broken by id, so the shards of one
   * collection spread over the cluster. The first voter listed campaigns first at founding, so
   * it is rotated to spread the first leaders too. Computed by the meta leader when it proposes,
   * so apply stays a plain record.
   */
  place(replicas: number, groups = 1): NodeId[][] {
    const load = new Map<NodeId, number>([...this.nodes.values()].filter((n) => (n.state ?? 'active') === 'active').map((n) => [n.id, 0]));
    for (const g of this.groups.values()) for (const n of g.replicas) if (load.has(n)) load.set(n, load.get(n)! + 1);
    const out: NodeId[][] = [];
    for (let i = 0; i < groups; i++) {
      const chosen = [...load].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, replicas).map(([id]) => id).sort((a, b) => a - b);
      for (const n of chosen) load.set(n, (load.get(n) ?? 0) + 1);
      out.push(chosen);
    }
    return out;
  }
}

/** The groups a move to `next` retires: those whose range's epoch changes (the others keep serving). */
export function retiredGroups(col: ClusterCollection, next: ShardingDescription): number[] {
  const epochs = new Map(next.ranges.map((r) => [r.id, r.epoch]));
  return col.description.ranges.flatMap((r, i) => {
    const epoch = epochs.get(r.id);
    return epoch === undefined || epoch !== r.epoch ? [col.groupIds[i]!] : [];
  });
}

/** A collection as stored before shards: one group serving every id. */
function upgradeCollection(c: ClusterCollection): ClusterCollection {
  if (typeof c.description === 'object' && c.description !== null) return c;
  return { ...c, sharding: 'consistent', description: consistentDescription(1) };
}

function upgradeGroup(g: ClusterGroup): ClusterGroup {
  return typeof g.range === 'number' ? g : { ...g, range: 0, epoch: 1 };
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
