import {
  decodeConfChange, EntryType, MemoryStorage, RawNode, SeededRng, StateRole,
  type Entry, type Message, type NodeId, type RaftConfig, type Raft, type ReadState,
} from '../../../src/raft/index.js';

/**
 * A fault-free, synchronous cluster for unit tests and the benchmark: every Ready is persisted
 * at once and every message is delivered in order. Faults belong to the simulator.
 */
export class LocalCluster {
  readonly nodes = new Map<NodeId, RawNode>();
  readonly storages = new Map<NodeId, MemoryStorage>();
  readonly applied = new Map<NodeId, Entry[]>();
  readonly readStates = new Map<NodeId, ReadState[]>();
  private queue: Message[] = [];
  /** Links that drop everything, as "from-to". */
  readonly cut = new Set<string>();
  keepApplied = true;
  /** Every message delivered (or dropped by a cut link), in order, when recording is on. */
  readonly sent: Message[] = [];
  record = false;

  constructor(
    ids: readonly NodeId[],
    private readonly options: Partial<RaftConfig> = {},
    private readonly makeCore?: (c: RaftConfig) => Raft,
  ) {
    for (const id of ids) {
      const storage = MemoryStorage.bootstrap({ voters: ids, learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false });
      this.storages.set(id, storage);
      this.start(id);
    }
  }

  start(id: NodeId, applied = 0): RawNode {
    const storage = this.storages.get(id)!;
    const node = new RawNode({ id, storage, rng: new SeededRng(id * 7919), ...this.options, applied }, this.makeCore);
    this.nodes.set(id, node);
    this.applied.set(id, []);
    this.readStates.set(id, []);
    return node;
  }

  node(id: NodeId): RawNode {
    return this.nodes.get(id)!;
  }

  leader(): NodeId | undefined {
    for (const [id, n] of this.nodes) if (n.status().softState.role === StateRole.Leader) return id;
    return undefined;
  }

  /** Handles every node's Ready and delivers every message until nothing moves. */
  stabilize(maxRounds = 10_000): void {
    for (let round = 0; round < maxRounds; round++) {
      let moved = false;
      for (const [id, node] of this.nodes) {
        while (node.hasReady()) {
          moved = true;
          this.handleReady(id, node);
        }
      }
      if (this.queue.length > 0) {
        moved = true;
        const q = this.queue;
        this.queue = [];
        for (const m of q) {
          if (this.record) this.sent.push(m);
          if (this.cut.has(`${m.from}-${m.to}`)) continue;
          this.nodes.get(m.to)?.step(m);
        }
      }
      if (!moved) return;
    }
    throw new Error(`cluster did not stabilize in ${maxRounds} rounds`);
  }

  handleReady(id: NodeId, node: RawNode): void {
    const storage = this.storages.get(id)!;
    const rd = node.ready();
    for (const m of rd.messages) this.queue.push(m);
    if (rd.snapshot !== null) storage.applySnapshot(rd.snapshot);
    storage.append(rd.entries);
    if (rd.hardState !== null) storage.setHardState(rd.hardState);
    for (const m of rd.persistedMessages) this.queue.push(m);
    const applied = this.applied.get(id)!;
    for (const e of rd.committedEntries) {
      if (e.type === EntryType.ConfChange) storage.setConfState(node.applyConfChange(decodeConfChange(e.data)));
      if (this.keepApplied) applied.push(e);
    }
    for (const r of rd.readStates) this.readStates.get(id)!.push(r);
    node.advance(rd);
  }

  tick(times = 1): void {
    for (let i = 0; i < times; i++) {
      for (const n of this.nodes.values()) n.tick();
      this.stabilize();
    }
  }

  /** Drops every message to and from `id` until heal(). */
  isolate(id: NodeId): void {
    for (const other of this.nodes.keys()) {
      if (other === id) continue;
      this.cut.add(`${id}-${other}`);
      this.cut.add(`${other}-${id}`);
    }
  }

  heal(): void {
    this.cut.clear();
  }

  /** Processes `id`'s Readies and returns the messages they produced instead of delivering them. */
  drain(id: NodeId): Message[] {
    const node = this.node(id);
    const before = this.queue.length;
    while (node.hasReady()) this.handleReady(id, node);
    return this.queue.splice(before);
  }

  /** Delivers `msgs` (ignoring cut links) without stabilizing. */
  deliver(msgs: readonly Message[]): void {
    for (const m of msgs) if (!this.cut.has(`${m.from}-${m.to}`)) this.nodes.get(m.to)?.step(m);
  }

  /** Simulates a crash and restart: only the MemoryStorage survives. */
  restart(id: NodeId): RawNode {
    const applied = this.storages.get(id)!.snapshot().metadata.index;
    return this.start(id, applied);
  }

  /** Snapshots `id`'s state machine at its applied index and compacts its log up to there. */
  compact(id: NodeId): void {
    const st = this.node(id).status();
    const storage = this.storages.get(id)!;
    storage.createSnapshot(st.applied, st.confState, new TextEncoder().encode(`state@${st.applied}`));
    storage.compact(st.applied);
  }

  /** Elects `id` by campaigning and stabilizing. */
  elect(id: NodeId): void {
    this.node(id).campaign();
    this.stabilize();
  }
}
