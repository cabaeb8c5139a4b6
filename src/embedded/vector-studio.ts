import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { RawNode, SeededRng, StorageError, type ConfState } from '../raft/index.js';
import { RaftGroup } from '../server/raft-group.js';
import { RaftScheduler } from '../server/raft-scheduler.js';
import { bootstrapWrite, LevelLogStorage } from '../store/log/index.js';
import {
  defineSchema, validateDeleteBatch, validateUpsertBatch, VectorStateMachine, VectorStoreError,
  type ApplyResult, type CollectionSchema, type DeleteInput, type GetResult, type IndexCheck, type ItemResult, type Metric,
  type ScanPage, type ScanRequest, type SearchRequest, type SearchResult, type UpsertInput,
} from '../store/vector/index.js';
import { Catalog, validateCollectionName, type CollectionEntry } from './catalog.js';
import { CatalogError } from './errors.js';

export interface VectorStudioOptions {
  /** Directory of the store (created if missing). */
  readonly dir: string;
  /** Milliseconds per Raft tick. */
  readonly tickMs?: number;
  /** Compact a collection's Raft log after this many applied entries... */
  readonly compactEveryEntries?: number;
  /** ...or after this many applied bytes of entries. */
  readonly compactEveryBytes?: number;
  /** Checkpoint a collection's HNSW index after this many applied entries. */
  readonly checkpointEveryEntries?: number;
  /** Receives one line per event that matters (recovery decisions, stopped collections). */
  readonly log?: (line: string) => void;
}

export interface CreateCollectionOptions {
  readonly dimension: number;
  readonly metric?: Metric;
  readonly m?: number;
  readonly efConstruction?: number;
  /** Default search `ef`. */
  readonly ef?: number;
}

export interface CollectionInfo {
  readonly name: string;
  readonly dimension: number;
  readonly metric: Metric;
  readonly m: number;
  readonly efConstruction: number;
  readonly ef: number;
  readonly count: number;
}

export interface WriteResult {
  /** Items that took effect (`upserted` or `deleted`). */
  readonly applied: number;
  /** Per item, in request order: what happened (conditional writes may fail their condition). */
  readonly results: readonly ItemResult[];
  /** The Raft index of the write: the `version` of every record it upserted. */
  readonly index: number;
}

function isCorruption(e: unknown): e is Error {
  return (e instanceof StorageError && e.code === 'CORRUPTION')
    || (e instanceof VectorStoreError && (e.code === 'STORAGE_CORRUPT' || e.code === 'SCHEMA_MISMATCH'));
}

/** The membership of every embedded group: this process is its only voter. */
const NODE_ID = 1;
const SINGLE_VOTER: ConfState = { voters: [NODE_ID], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };

interface OpenCollection {
  readonly entry: CollectionEntry;
  readonly group: RaftGroup<ApplyResult>;
  readonly stateMachine: VectorStateMachine;
  /** The index of the empty entry the group appended when it elected itself at open. */
  readonly firstIndexOfTerm: number;
}

/**
 * Vector Studio in one process with no network. Each collection is a Raft group with a single
 * voter, so every write takes the same path as in a cluster: validate → propose → persist
 * (synced, group-committed across collections) → commit → apply → acknowledge. A write whose
 * promise resolved survives a crash (kill -9) of the process.
 */
export class VectorStudio {
  private readonly collections = new Map<string, OpenCollection>();
  /** Collections whose stored state failed verification at open: stopped, and reported. */
  private readonly damaged = new Map<string, Error>();
  private closed = false;

  private constructor(
    private readonly options: VectorStudioOptions,
    private readonly db: ClassicLevel<string, Uint8Array>,
    private readonly log: LevelLogStorage,
    private readonly catalog: Catalog,
    private readonly scheduler: RaftScheduler,
  ) {}

  static async open(options: VectorStudioOptions): Promise<VectorStudio> {
    await mkdir(options.dir, { recursive: true });
    const db = new ClassicLevel<string, Uint8Array>(join(options.dir, 'db'), { valueEncoding: 'view' });
    await db.open();
    try {
      return await VectorStudio.openOn(options, db);
    } catch (e) {
      // Release the database (and its lock) so that the caller can retry or repair.
      await db.close().catch(() => undefined);
      throw e;
    }
  }

  private static async openOn(options: VectorStudioOptions, db: ClassicLevel<string, Uint8Array>): Promise<VectorStudio> {
    const log = await LevelLogStorage.open(db);
    const catalog = await Catalog.load(db);
    const scheduler = new RaftScheduler(log, {
      ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
      ...(options.compactEveryEntries !== undefined ? { compactEveryEntries: options.compactEveryEntries } : {}),
      ...(options.compactEveryBytes !== undefined ? { compactEveryBytes: options.compactEveryBytes } : {}),
      onGroupFailed: (group, error) => options.log?.(`group ${group} stopped: ${error.message}`),
      onCompactionFailed: (group, error) => options.log?.(`group ${group}: compaction failed, will retry: ${error.message}`),
    });
    const store = new VectorStudio(options, db, log, catalog, scheduler);
    await store.dropOrphans();
    const opened: OpenCollection[] = [];
    for (const entry of catalog.list()) {
      try {
        opened.push(await store.openCollection(entry));
      } catch (e) {
        if (!isCorruption(e)) throw e;
        // One damaged collection must not take the others down: stop it and say why.
        store.damaged.set(entry.name, e);
        options.log?.(`collection "${entry.name}" (group ${entry.groupId}) is stopped: ${e.message}`);
      }
    }
    scheduler.start();
    // Reads right after open must see every write made durable before a crash: wait until each
    // group has committed its first entry of the new term, and with it its whole log, and applied it.
    try {
      await Promise.all(opened.map((c) => c.group.whenApplied(c.firstIndexOfTerm)));
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
    return store;
  }

  /** Groups founded by a createCollection that crashed before recording it in the catalog. */
  private async dropOrphans(): Promise<void> {
    const known = this.catalog.groupIds();
    for (const id of this.log.groups()) {
      if (known.has(id)) continue;
      this.options.log?.(`dropping group ${id}: not in the catalog (an interrupted create or drop)`);
      await this.dropGroupData(id);
    }
  }

  private groupDir(groupId: number): string {
    return join(this.options.dir, 'groups', String(groupId));
  }

  private async openCollection(entry: CollectionEntry): Promise<OpenCollection> {
    // Throws the group's LogCorruptionError if its log failed verification when the store opened.
    const storage = this.log.storage(entry.groupId);
    const stateMachine = await VectorStateMachine.open({
      db: this.db,
      prefix: `g${entry.groupId}`,
      schema: entry.schema,
      checkpointDir: this.groupDir(entry.groupId),
      // The Raft log is compacted behind the applied index, so each apply must be durable by
      // itself (one fsync per applied batch: small beside the HNSW inserts it carries).
      syncApply: true,
      ...(this.options.checkpointEveryEntries !== undefined ? { checkpointEveryEntries: this.options.checkpointEveryEntries } : {}),
      ...(this.options.log !== undefined ? { log: this.options.log } : {}),
    });
    // Entries up to the log's snapshot are applied (compaction waits for that), even if the
    // state machine skipped the last of them because it carried no command.
    const applied = Math.max(stateMachine.appliedIndex, storage.firstIndex() - 1);
    const node = new RawNode({ id: NODE_ID, storage, rng: new SeededRng(entry.groupId), applied });
    node.campaign(); // a single voter elects itself at once, appending an empty entry
    const group = new RaftGroup<ApplyResult>(entry.groupId, node, stateMachine);
    const open: OpenCollection = { entry, group, stateMachine, firstIndexOfTerm: node.status().lastIndex };
    this.collections.set(entry.name, open);
    this.scheduler.add(group);
    return open;
  }

  private checkOpen(): void {
    if (this.closed) throw new CatalogError('STORE_CLOSED', 'the store is closed');
  }

  private collection(name: string): OpenCollection {
    this.checkOpen();
    const damage = this.damaged.get(name);
    if (damage !== undefined) throw damage;
    const c = this.collections.get(name);
    if (c === undefined) throw new CatalogError('COLLECTION_NOT_FOUND', `collection "${String(name)}" does not exist`, 'name');
    if (c.group.failure !== null) throw c.group.failure;
    return c;
  }

  async createCollection(name: string, options: CreateCollectionOptions): Promise<CollectionInfo> {
    this.checkOpen();
    validateCollectionName(name);
    if (this.catalog.has(name) || this.creating.has(name)) {
      throw new CatalogError('COLLECTION_EXISTS', `collection "${name}" already exists`, 'name');
    }
    this.creating.add(name);
    try {
      return await this.create(name, options);
    } finally {
      this.creating.delete(name);
    }
  }

  private async create(name: string, options: CreateCollectionOptions): Promise<CollectionInfo> {
    const hnsw = {
      ...(options.m !== undefined ? { m: options.m } : {}),
      ...(options.efConstruction !== undefined ? { efConstruction: options.efConstruction } : {}),
      ...(options.ef !== undefined ? { ef: options.ef } : {}),
    };
    const schema: CollectionSchema = defineSchema({
      name, dimension: options.dimension, hnsw, ...(options.metric !== undefined ? { metric: options.metric } : {}),
    });
    // Found the group, then record it: a crash in between leaves an orphan group that the next
    // open drops, never a catalog entry without its group.
    const groupId = await this.catalog.allocateGroup();
    await this.log.write(groupId, bootstrapWrite(SINGLE_VOTER));
    const entry: CollectionEntry = { name, groupId, schema };
    await this.catalog.add(entry);
    const open = await this.openCollection(entry);
    await open.group.whenApplied(open.firstIndexOfTerm);
    return this.info(name);
  }

  /** The collections that are serving; see {@link damagedCollections} for the others. */
  listCollections(): CollectionInfo[] {
    this.checkOpen();
    return this.catalog.list().filter((e) => !this.damaged.has(e.name)).map((e) => this.info(e.name));
  }

  /** Names whose createCollection is under way (a second concurrent create is refused). */
  private readonly creating = new Set<string>();
  /** Collections stopped at open because their stored state failed verification, with the reason. */
  damagedCollections(): { readonly name: string; readonly error: Error }[] {
    return [...this.damaged].map(([name, error]) => ({ name, error }));
  }

  describeCollection(name: string): CollectionInfo {
    return this.info(name);
  }

  private info(name: string): CollectionInfo {
    const c = this.collection(name);
    const s = c.entry.schema;
    return {
      name, dimension: s.dimension, metric: s.metric, m: s.hnsw.m, efConstruction: s.hnsw.efConstruction, ef: s.hnsw.ef,
      count: c.stateMachine.count(),
    };
  }

  async dropCollection(name: string): Promise<void> {
    const c = this.collection(name);
    // Forget it first: a crash after this leaves an orphan group, dropped at the next open.
    await this.catalog.remove(name);
    this.collections.delete(name);
    this.scheduler.remove(c.group.id);
    c.group.fail(new CatalogError('COLLECTION_NOT_FOUND', `collection "${name}" was dropped`, 'name'));
    await c.stateMachine.close({ checkpoint: false });
    await this.dropGroupData(c.group.id);
  }

  private async dropGroupData(groupId: number): Promise<void> {
    await this.log.dropGroup(groupId);
    await this.db.sublevel(`g${groupId}`, { valueEncoding: 'view' }).clear();
    await rm(this.groupDir(groupId), { recursive: true, force: true });
  }

  /** Inserts or replaces records; resolves once they are durable and applied. */
  async upsert(name: string, records: readonly UpsertInput[]): Promise<WriteResult> {
    const c = this.collection(name);
    const { bytes } = validateUpsertBatch(c.entry.schema, records);
    return this.write(c, bytes, 'upserted');
  }

  /** Deletes records by id (optionally conditional); resolves once durable and applied. */
  async delete(name: string, ids: readonly (string | DeleteInput)[]): Promise<WriteResult> {
    const c = this.collection(name);
    const { bytes } = validateDeleteBatch(ids);
    return this.write(c, bytes, 'deleted');
  }

  private async write(c: OpenCollection, bytes: Uint8Array, effect: 'upserted' | 'deleted'): Promise<WriteResult> {
    this.scheduler.kick();
    const r = await c.group.propose(bytes);
    if (r.status === 'rejected') throw r.error;
    if (r.status === 'skipped') throw new VectorStoreError('STATE_MACHINE_MISUSE', `entry ${r.index} was applied twice`);
    return { applied: r.results.filter((x) => x.status === effect).length, results: r.results, index: r.index };
  }

  get(name: string, ids: readonly string[]): GetResult {
    return this.collection(name).stateMachine.get(ids);
  }

  search(name: string, request: SearchRequest): SearchResult {
    return this.collection(name).stateMachine.search(request);
  }

  count(name: string): number {
    return this.collection(name).stateMachine.count();
  }

  /** Checks that the collection's HNSW index agrees with its stored records. */
  verifyIndex(name: string): IndexCheck {
    return this.collection(name).stateMachine.verifyIndex();
  }

  scan(name: string, request: ScanRequest): Promise<ScanPage> {
    return this.collection(name).stateMachine.scan(request);
  }

  /** Waits for writes under way, checkpoints every index, and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.scheduler.close();
    for (const c of this.collections.values()) {
      const healthy = c.group.failure === null;
      c.group.fail(new CatalogError('STORE_CLOSED', 'the store was closed'));
      await c.stateMachine.close({ checkpoint: healthy });
    }
    this.collections.clear();
    await this.log.close();
    await this.db.close();
  }
}
