/**
 * The state machine of one shard (one Raft group): it applies committed commands by Raft index
 * to LevelDB records and keeps an HNSW index in step; it serves get, count, scan and search;
 * it produces and restores snapshots, and checkpoints the index so that a restart replays only
 * the tail. It knows nothing about Raft beyond `apply(index, bytes)` and snapshots.
 *
 * Durability contract:
 * - Each apply writes the records, a change-log entry and the applied index in ONE LevelDB batch,
 *   so the applied index never disagrees with the data. An index ≤ the applied index is skipped:
 *   re-applying after a crash is harmless.
 * - Apply batches are not fsynced unless `syncApply` is set (hosts that compact the Raft log
 *   behind the applied index must set it): the Raft log is the durable source,
 *   and what a crash loses is re-applied from it. A checkpoint first makes the applied state
 *   durable (one synced write), so a checkpoint never reflects more than LevelDB keeps.
 * - A snapshot restore stages records under a new generation and flips the `m/state` pointer in
 *   one batch (see store-layout.ts). Staging avoids one giant batch the size of the whole shard,
 *   and the flip makes the switch atomic: a crash leaves the old state or the new, never a mix.
 */
import type { AbstractBatchOptions, AbstractIteratorOptions, AbstractLevel, AbstractPutOptions, AbstractSublevelOptions } from 'abstract-level';
import { crc32c } from '@node-rs/crc32';
import { mkdir, open as openFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cipherContext, type AtRestEncryption, type ReencryptProgress, type ValueCipher } from '../encryption-at-rest.js';
import { AsyncMutex } from './async-mutex.js';
import { decodeCommand, type VectorCommand } from './command-codec.js';
import { findCheckpoint, installCheckpoint, pruneCheckpoints, writeCheckpoint } from './checkpoint.js';
import { VectorStoreError } from './errors.js';
import { createPrivateTempDir, openSealedFile, sealFile, withPrivateTempDir } from './encrypted-file.js';
import { HNSW_GROW_AT_FILL, HNSW_INITIAL_CAPACITY, HnswIndex } from './hnsw-index.js';
import { LabelAllocator } from './label-allocator.js';
import { RecordCatalog } from './record-catalog.js';
import { decodeStoredRecord, encodeStoredRecord } from './record-codec.js';
import { MAX_SCAN_LIMIT, type CollectionSchema, type JsonObject, type VectorRecord } from './schema.js';
import { executeSearch, FILTER_EXACT_MAX_MATCHES, validateSearchRequest, type SearchRequest, type SearchResult } from './search.js';
import { encodePart, readSnapshotParts, SNAPSHOT_CHUNK_BYTES, snapshotHeader, type SnapshotChunk, type SnapshotRecord } from './snapshot-stream.js';
import {
  changeKey,
  changeRange,
  decodeChanges,
  decodeState,
  encodeChanges,
  encodeState,
  generationRange,
  INITIAL_STATE,
  recordKey,
  recordRange,
  SCHEMA_KEY,
  STATE_KEY,
  type AppliedState,
  type LabelChange,
} from './store-layout.js';
import { validateId } from './validation.js';

/** A group's key space: UTF-8 string keys, binary values. */
export type GroupDatabase = AbstractLevel<string | Buffer | Uint8Array, string, Uint8Array>;

/** Anything that can make a sublevel: the node's `Level`, or a sublevel of it. */
export interface ParentDatabase {
  sublevel<K = string, V = string>(name: string, options: AbstractSublevelOptions<K, V>): AbstractLevel<string | Buffer | Uint8Array, K, V>;
}

/** Default of {@link VectorStateMachineOptions.checkpointEveryEntries}. */
export const DEFAULT_CHECKPOINT_EVERY_ENTRIES = 10_000;
/** Read-ahead of the iterator that loads a shard's records at open (classic-level's default is 16 KiB). */
const LOAD_READ_AHEAD_BYTES = 1024 * 1024;
/** Records written per LevelDB batch while restoring a snapshot (bounds memory, not atomicity). */
const RESTORE_BATCH_RECORDS = 512;
/** Records one re-encryption step rewrites under the apply lock (applies wait at most that long). */
const REENCRYPT_BATCH_RECORDS = 256;
/** The sealing context of HNSW checkpoint files (see encrypted-file.ts). */
const INDEX_FILE_PURPOSE = 'hnsw-checkpoint';

export interface VectorStateMachineOptions {
  /** The node's database (or a sublevel of it); the group's keys go under `prefix` in it. */
  readonly db: ParentDatabase;
  /** This group's sublevel name, unique on the node. */
  readonly prefix: string;
  readonly schema: CollectionSchema;
  /** This group's own directory for HNSW checkpoints and snapshot temporaries. */
  readonly checkpointDir: string;
  /** Checkpoint after this many applied entries since the last checkpoint; 0 = only on request/close. */
  readonly checkpointEveryEntries?: number;
  /** fsync every apply batch (default false: the Raft log is the durable source). */
  readonly syncApply?: boolean;
  /** Override of {@link FILTER_EXACT_MAX_MATCHES} (tests use 0 to force filtered HNSW). */
  readonly filterExactMaxMatches?: number;
  /** Receives one line per recovery decision (e.g. why the index was rebuilt). */
  readonly log?: (line: string) => void;
  /**
   * Encryption at rest: record values are sealed (context: group prefix and id; ids stay
   * plaintext, they are LevelDB keys), HNSW checkpoints are sealed files whose plaintext never
   * lies in the data directory (encrypted-file.ts), and the group enrols for key rotation.
   * Snapshot streams carry plaintext records: the transport (TLS) and the spool (sealed frames)
   * protect them, and the receiver seals them under its own key.
   */
  readonly encryption?: AtRestEncryption;
}

/** How {@link VectorStateMachine.open} brought the HNSW index up to date. */
export type RecoveryReport =
  | {
      readonly mode: 'checkpoint';
      readonly checkpointIndex: number;
      readonly appliedIndex: number;
      /** Change-log entries after the checkpoint that were replayed. */
      readonly replayedEntries: number;
      /** Distinct labels those entries touched (each re-indexed once). */
      readonly replayedLabels: number;
    }
  | {
      readonly mode: 'rebuild';
      /** Why the checkpoint could not be used. */
      readonly reason: string;
      readonly appliedIndex: number;
      readonly records: number;
    };

/** Outcome of one item of a command. */
export type ItemStatus = 'upserted' | 'deleted' | 'not_found' | 'condition_failed';

export interface ItemResult {
  readonly id: string;
  readonly status: ItemStatus;
  /** `upserted`: the new version (the entry's index). `condition_failed`: the current version (0 = absent). Else 0. */
  readonly version: number;
}

/** Outcome of {@link VectorStateMachine.apply}. */
export type ApplyResult =
  | { readonly status: 'applied'; readonly index: number; readonly results: readonly ItemResult[] }
  /** The index was already applied; nothing changed. */
  | { readonly status: 'skipped'; readonly index: number }
  /** The command did not decode or does not fit the schema: a deterministic no-op that still advances the applied index. */
  | { readonly status: 'rejected'; readonly index: number; readonly error: VectorStoreError };

export interface GetResult {
  readonly records: VectorRecord[];
  readonly missing: string[];
}

export interface ScanRequest {
  /** Records per page, 1..{@link MAX_SCAN_LIMIT}. */
  readonly limit: number;
  /** Opaque token from the previous page; absent for the first page. */
  readonly pageToken?: string;
}

export interface ScanPage {
  /** Records in id order (UTF-8 byte order). */
  readonly records: VectorRecord[];
  /** Absent on the last page. */
  readonly nextPageToken?: string;
}

/** How record values are stored: as encoded, or sealed. Opening throws STORAGE_CORRUPT naming the id. */
interface RecordValues {
  seal(id: string, encoded: Uint8Array): Uint8Array;
  open(id: string, stored: Uint8Array): Uint8Array;
}

const PLAIN_RECORDS: RecordValues = { seal: (_id, v) => v, open: (_id, v) => v };

function sealedRecords(cipher: ValueCipher, prefix: string): RecordValues {
  const context = (id: string): Uint8Array => cipherContext(`record\u0000${prefix}\u0000${id}`);
  return {
    seal: (id, v) => cipher.seal(v, context(id)),
    open: (id, v) => {
      try {
        return cipher.open(v, context(id));
      } catch (e) {
        throw new VectorStoreError('STORAGE_CORRUPT', `record "${id}" does not decrypt: ${(e as Error).message}`);
      }
    },
  };
}

/** Loads an HNSW checkpoint file: as is, or opened from its sealed form in a private temp directory. */
async function loadIndexFile(schema: CollectionSchema, path: string, cipher: ValueCipher | undefined): Promise<HnswIndex> {
  if (cipher === undefined) return HnswIndex.load(schema, path);
  return withPrivateTempDir(async (dir) => {
    const plain = join(dir, 'index.bin');
    await openSealedFile(cipher, path, plain, INDEX_FILE_PURPOSE);
    return HnswIndex.load(schema, plain);
  });
}

/** A consistent snapshot of the group at `appliedIndex`. Iterate `chunks()` once, then `close()`. */
export interface StateSnapshot {
  readonly appliedIndex: number;
  chunks(): AsyncIterable<SnapshotChunk>;
  /** Releases the LevelDB snapshot and the temporary index file. Idempotent. */
  close(): Promise<void>;
}

/** What {@link VectorStateMachine.verifyIndex} found. Consistent when `problems` is empty. */
export interface IndexCheck {
  readonly records: number;
  readonly indexedLive: number;
  readonly problems: readonly string[];
}

export interface RestoreReport {
  readonly appliedIndex: number;
  readonly records: number;
}

interface Working {
  readonly label: number;
  readonly version: number;
  readonly payload: JsonObject;
  readonly vector: Float32Array;
}

/**
 * classic-level honours `sync` (fsync the write-ahead log before resolving); abstract-level's
 * types do not declare it, and sublevels forward options to their parent unchanged.
 */
type SyncOptions = AbstractBatchOptions<string, Uint8Array> & AbstractPutOptions<string, Uint8Array> & { sync?: boolean };

function syncOption(sync: boolean): SyncOptions {
  return { sync };
}

type BatchOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

const PAGE_TOKEN_PREFIX = 'v1:';

function encodePageToken(afterId: string): string {
  return Buffer.from(PAGE_TOKEN_PREFIX + afterId, 'utf8').toString('base64url');
}

function decodePageToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PAGE_TOKEN_PREFIX) || text.length === PAGE_TOKEN_PREFIX.length) {
    throw new VectorStoreError('INVALID_SCAN', 'pageToken was not issued by this store', 'pageToken');
  }
  return text.slice(PAGE_TOKEN_PREFIX.length);
}

function schemaFingerprint(s: CollectionSchema): string {
  // ef and the name may change without touching stored data; these may not.
  return JSON.stringify({ dimension: s.dimension, metric: s.metric, m: s.hnsw.m, efConstruction: s.hnsw.efConstruction });
}

async function loadCatalog(db: GroupDatabase, generation: number, dimension: number, values: RecordValues): Promise<RecordCatalog> {
  const catalog = new RecordCatalog(dimension);
  const prefixLength = recordRange(generation).gte.length;
  // Large read-ahead: each round trip to LevelDB's thread brings ~1 MiB of records instead of
  // the default 16 KiB (~5 records at 784-d), which left opening a big shard mostly waiting.
  const options: AbstractIteratorOptions<string, Uint8Array> & { highWaterMarkBytes: number } = {
    ...recordRange(generation), highWaterMarkBytes: LOAD_READ_AHEAD_BYTES,
  };
  for await (const [key, value] of db.iterator(options)) {
    const id = key.slice(prefixLength);
    const r = decodeStoredRecord(id, values.open(id, value));
    if (r.vector.length !== dimension) {
      throw new VectorStoreError('STORAGE_CORRUPT', `record "${id}" has ${r.vector.length} dimensions, schema ${dimension}`);
    }
    if (catalog.atLabel(r.label) !== undefined) {
      throw new VectorStoreError('STORAGE_CORRUPT', `records "${id}" and "${catalog.atLabel(r.label)?.id}" share label ${r.label}`);
    }
    catalog.put({ id, label: r.label, version: r.version, payload: r.payload }, r.vector);
  }
  return catalog;
}

function buildIndex(schema: CollectionSchema, catalog: RecordCatalog, highWater: number): HnswIndex {
  const index = HnswIndex.create(schema, Math.max(HNSW_INITIAL_CAPACITY, Math.ceil(highWater / HNSW_GROW_AT_FILL) + 1));
  for (const e of catalog.entries()) index.set(e.label, catalog.vectorView(e.label));
  return index;
}

/** One shard's vector state machine. Create with {@link VectorStateMachine.open}. */
export class VectorStateMachine {
  private readonly mutex = new AsyncMutex();
  private closed = false;
  /** Set when LevelDB and memory may disagree (an HNSW call failed after a commit): reopen. */
  private failure: Error | undefined;
  private entriesSinceCheckpoint = 0;
  private snapshotCounter = 0;
  private readonly values: RecordValues;
  private unregister: () => void = () => undefined;

  private constructor(
    private readonly db: GroupDatabase,
    private readonly options: VectorStateMachineOptions,
    private state: AppliedState,
    private catalog: RecordCatalog,
    private allocator: LabelAllocator,
    private index: HnswIndex,
    /** How open recovered the index. */
    readonly recovery: RecoveryReport,
  ) {
    const cipher = options.encryption?.cipher;
    this.values = cipher === undefined ? PLAIN_RECORDS : sealedRecords(cipher, options.prefix);
  }

  private get cipher(): ValueCipher | undefined {
    return this.options.encryption?.cipher;
  }

  private enrol(): void {
    const encryption = this.options.encryption;
    if (encryption === undefined) return;
    this.unregister = encryption.register({ name: `group ${this.options.prefix} records and index`, reencrypt: (progress) => this.reencrypt(progress) });
  }

  get schema(): CollectionSchema {
    return this.options.schema;
  }

  /** The Raft index of the last command applied (or restored). */
  /** Writes are refused until an `unfreeze` (a reshard copies this shard). */
  get frozen(): boolean {
    return this.state.frozen === true;
  }

  /** Reads are refused too: a reshard moved this shard's ids to other groups. */
  get retired(): boolean {
    return this.state.retired === true;
  }

  get appliedIndex(): number {
    return this.state.appliedIndex;
  }

  /** HNSW slots in use (live and deleted) and allocated; bounded by the peak live count. */
  get indexStats(): { readonly slots: number; readonly capacity: number; readonly labelHighWater: number } {
    return { slots: this.index.slotCount, capacity: this.index.capacity, labelHighWater: this.allocator.labelHighWater };
  }

  /**
   * Opens (or creates) the group's state: loads the records, then the HNSW checkpoint plus the
   * change-log tail after it; rebuilds the index from the records only when the checkpoint is
   * missing or fails its checksum, and says why in {@link recovery} and the log.
   */
  static async open(options: VectorStateMachineOptions): Promise<VectorStateMachine> {
    const { schema, checkpointDir } = options;
    const db: GroupDatabase = options.db.sublevel<string, Uint8Array>(options.prefix, { keyEncoding: 'utf8', valueEncoding: 'view' });
    await db.open();
    await mkdir(checkpointDir, { recursive: true });

    const storedSchema = await db.get(SCHEMA_KEY);
    const fingerprint = schemaFingerprint(schema);
    if (storedSchema === undefined) {
      await db.put(SCHEMA_KEY, Buffer.from(fingerprint, 'utf8'));
    } else if (Buffer.from(storedSchema).toString('utf8') !== fingerprint) {
      throw new VectorStoreError('SCHEMA_MISMATCH', `group ${options.prefix} stores ${Buffer.from(storedSchema).toString('utf8')}, opened with ${fingerprint}`);
    }
    const rawState = await db.get(STATE_KEY);
    const state = rawState === undefined ? INITIAL_STATE : decodeState(rawState);

    // Leftovers: a restore that crashed while staging (generation + 1) or before clearing the
    // generation it replaced (generation − 1).
    for (const g of [state.generation - 1, state.generation + 1]) if (g >= 1) await db.clear(generationRange(g));

    const cipher = options.encryption?.cipher;
    const catalog = await loadCatalog(db, state.generation, schema.dimension, cipher === undefined ? PLAIN_RECORDS : sealedRecords(cipher, options.prefix));
    const allocator = LabelAllocator.fromLive([...catalog.entries()].map((e) => e.label));

    const found = await findCheckpoint(checkpointDir, state.generation);
    let reason = '';
    if (!found.ok) {
      reason = found.reason;
    } else if (found.manifest.appliedIndex > state.appliedIndex) {
      reason = `checkpoint at index ${found.manifest.appliedIndex} is ahead of the applied index ${state.appliedIndex}`;
    } else {
      let index: HnswIndex | undefined;
      try {
        index = await loadIndexFile(schema, found.path, cipher);
      } catch (e) {
        reason = `checkpoint file ${found.manifest.file} does not load: ${(e as Error).message}`;
      }
      if (index !== undefined) {
        const since = found.manifest.appliedIndex;
        const firstSeen = new Map<number, boolean>();
        let entries = 0;
        for await (const [key, value] of db.iterator({ gt: changeKey(state.generation, since), lt: changeRange(state.generation).lt })) {
          entries++;
          for (const c of decodeChanges(key, value)) if (!firstSeen.has(c.label)) firstSeen.set(c.label, c.wasLive);
        }
        for (const [label, wasLive] of [...firstSeen].sort((a, b) => a[0] - b[0])) {
          if (catalog.atLabel(label) !== undefined) index.set(label, catalog.vectorView(label));
          else if (wasLive) index.remove(label);
        }
        await db.clear({ gte: changeRange(state.generation).gte, lte: changeKey(state.generation, since) });
        await pruneCheckpoints(checkpointDir, state.generation, found.manifest.file, { snapshotTemporaries: true });
        const recovery: RecoveryReport = {
          mode: 'checkpoint',
          checkpointIndex: since,
          appliedIndex: state.appliedIndex,
          replayedEntries: entries,
          replayedLabels: firstSeen.size,
        };
        const sm = new VectorStateMachine(db, options, state, catalog, allocator, index, recovery);
        sm.entriesSinceCheckpoint = entries;
        sm.enrol();
        return sm;
      }
    }
    options.log?.(`vector group ${options.prefix}: rebuilding HNSW index from ${catalog.size} records: ${reason}`);
    const index = buildIndex(schema, catalog, allocator.labelHighWater);
    const recovery: RecoveryReport = { mode: 'rebuild', reason, appliedIndex: state.appliedIndex, records: catalog.size };
    const sm = new VectorStateMachine(db, options, state, catalog, allocator, index, recovery);
    // A fresh checkpoint right away, so the next open does not rebuild again.
    await sm.checkpointLocked();
    const written = await findCheckpoint(checkpointDir, state.generation);
    await pruneCheckpoints(checkpointDir, state.generation, written.ok ? written.manifest.file : undefined, { snapshotTemporaries: true });
    sm.enrol();
    return sm;
  }

  private assertUsable(): void {
    if (this.closed) throw new VectorStoreError('STATE_MACHINE_MISUSE', `vector group ${this.options.prefix} is closed`);
    if (this.failure !== undefined) {
      throw new VectorStoreError('STATE_MACHINE_MISUSE', `vector group ${this.options.prefix} failed and must be reopened: ${this.failure.message}`);
    }
  }

  // ---- writes -------------------------------------------------------------------------------

  /**
   * Applies the committed command at Raft `index`. Indexes must increase (gaps are fine: not
   * every Raft entry is a state machine command); an index ≤ {@link appliedIndex} is skipped.
   * A failed condition is a per-item no-op. Throws only on I/O failure, after which the group
   * must be reopened.
   */
  apply(index: number, data: Uint8Array): Promise<ApplyResult> {
    return this.mutex.run(async () => {
      this.assertUsable();
      if (!Number.isSafeInteger(index) || index < 1) {
        throw new VectorStoreError('STATE_MACHINE_MISUSE', `apply index must be a positive integer, got ${index}`);
      }
      if (index <= this.state.appliedIndex) return { status: 'skipped', index };
      let command: VectorCommand;
      try {
        command = decodeCommand(data);
        this.checkFitsSchema(command);
      } catch (e) {
        if (!(e instanceof VectorStoreError)) throw e;
        const next = { ...this.state, appliedIndex: index };
        await this.db.put(STATE_KEY, encodeState(next), syncOption(this.options.syncApply ?? false));
        this.state = next;
        return { status: 'rejected', index, error: e };
      }
      const result = await this.applyCommand(index, command);
      if (this.options.checkpointEveryEntries !== 0
        && this.entriesSinceCheckpoint >= (this.options.checkpointEveryEntries ?? DEFAULT_CHECKPOINT_EVERY_ENTRIES)) {
        await this.checkpointLocked();
      }
      return result;
    });
  }

  private checkFitsSchema(command: VectorCommand): void {
    // The server validated before proposing; re-check what would corrupt the index if a
    // replica's schema ever disagreed, deterministically.
    command.items.forEach((item, i) => validateId(item.id, `items[${i}].id`));
    if (command.kind !== 'upsert') return;
    const first = command.items[0];
    if (first !== undefined && first.vector.length !== this.schema.dimension) {
      throw new VectorStoreError('INVALID_VECTOR', `vector has ${first.vector.length} dimensions, collection "${this.schema.name}" expects ${this.schema.dimension}`);
    }
    for (const item of command.items) {
      const v = item.vector;
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i] as number)) throw new VectorStoreError('INVALID_VECTOR', `record "${item.id}" has a non-finite component`);
      }
    }
  }

  private async applyCommand(index: number, command: VectorCommand): Promise<ApplyResult> {
    if (command.kind === 'freeze' || command.kind === 'unfreeze' || command.kind === 'retire' || this.state.frozen === true) {
      // Freezing and refusing are plain records of the applied index: no record changes.
      const refused = command.kind === 'upsert' || command.kind === 'delete';
      const next: AppliedState = refused ? { ...this.state, appliedIndex: index }
        : command.kind === 'freeze' ? { ...this.state, appliedIndex: index, frozen: true }
          : command.kind === 'retire' ? { ...this.state, appliedIndex: index, frozen: true, retired: true }
            : { generation: this.state.generation, appliedIndex: index };
      await this.db.put(STATE_KEY, encodeState(next), syncOption(this.options.syncApply ?? false));
      this.state = next;
      if (refused) return { status: 'rejected', index, error: new VectorStoreError('SHARD_FROZEN', `shard "${this.schema.name}" is frozen for a reshard: nothing was written; retry once the shard map has changed`) };
      return { status: 'applied', index, results: [] };
    }
    const gen = this.state.generation;
    const working = new Map<string, Working | null>();
    const touched = new Map<number, boolean>(); // label → live before this entry
    const allocated: number[] = [];
    const released: number[] = [];
    const ops: BatchOp[] = [];
    const results: ItemResult[] = [];
    const current = (id: string): Working | undefined => {
      const w = working.get(id);
      if (w !== undefined) return w ?? undefined;
      const e = this.catalog.get(id);
      return e === undefined ? undefined : { label: e.label, version: e.version, payload: e.payload, vector: this.catalog.vectorView(e.label) };
    };
    const touch = (label: number): void => {
      if (!touched.has(label)) touched.set(label, this.catalog.atLabel(label) !== undefined);
    };

    for (const item of command.items) {
      const cur = current(item.id);
      const curVersion = cur?.version ?? 0;
      if (item.ifVersion !== undefined && item.ifVersion !== curVersion) {
        results.push({ id: item.id, status: 'condition_failed', version: curVersion });
        continue;
      }
      if (command.kind === 'upsert') {
        const upsert = item as (typeof command.items)[number];
        let label = cur?.label;
        if (label === undefined) {
          // Labels released in this entry are reused only from the next entry on: allocation
          // stays a function of the state before the entry, which restart reproduces.
          label = this.allocator.allocate();
          allocated.push(label);
        }
        touch(label);
        const w: Working = { label, version: index, payload: upsert.payload, vector: upsert.vector };
        working.set(item.id, w);
        ops.push({ type: 'put', key: recordKey(gen, item.id), value: this.values.seal(item.id, encodeStoredRecord(w)) });
        results.push({ id: item.id, status: 'upserted', version: index });
      } else if (cur === undefined) {
        results.push({ id: item.id, status: 'not_found', version: 0 });
      } else {
        touch(cur.label);
        working.set(item.id, null);
        released.push(cur.label);
        ops.push({ type: 'del', key: recordKey(gen, item.id) });
        results.push({ id: item.id, status: 'deleted', version: 0 });
      }
    }

    const changes: LabelChange[] = [...touched].map(([label, wasLive]) => ({ label, wasLive }));
    if (changes.length > 0) ops.push({ type: 'put', key: changeKey(gen, index), value: encodeChanges(changes) });
    const next: AppliedState = { ...this.state, generation: gen, appliedIndex: index };
    ops.push({ type: 'put', key: STATE_KEY, value: encodeState(next) });
    try {
      await this.db.batch(ops, syncOption(this.options.syncApply ?? false));
    } catch (e) {
      for (const l of allocated) this.allocator.free(l);
      throw e;
    }
    this.state = next;
    this.entriesSinceCheckpoint++;

    // Committed: bring memory in step. A failure past this point leaves memory behind LevelDB,
    // so the group refuses further work until it is reopened (which replays the change log).
    try {
      for (const [id, w] of working) {
        if (w === null) this.catalog.remove(id);
        else this.catalog.put({ id, label: w.label, version: w.version, payload: w.payload }, w.vector);
      }
      // Every allocated label received a record; one deleted again in this entry is in `released`.
      for (const l of released) this.allocator.free(l);
      for (const { label, wasLive } of changes.sort((a, b) => a.label - b.label)) {
        if (this.catalog.atLabel(label) !== undefined) this.index.set(label, this.catalog.vectorView(label));
        else if (wasLive) this.index.remove(label);
      }
    } catch (e) {
      this.failure = e as Error;
      throw e;
    }
    return { status: 'applied', index, results };
  }

  /** Writes an HNSW checkpoint now and trims the change log up to it. */
  checkpoint(): Promise<void> {
    return this.mutex.run(async () => {
      this.assertUsable();
      await this.checkpointLocked();
    });
  }

  private async checkpointLocked(): Promise<void> {
    const { generation, appliedIndex } = this.state;
    // Make the applied state durable first (a synced write flushes LevelDB's log, earlier
    // unsynced batches included): the checkpoint must never be ahead of what LevelDB keeps.
    await this.db.put(STATE_KEY, encodeState(this.state), syncOption(true));
    const manifest = await writeCheckpoint(this.options.checkpointDir, generation, appliedIndex, (p) => this.writeIndexFile(p));
    await this.db.clear({ gte: changeRange(generation).gte, lte: changeKey(generation, appliedIndex) });
    await pruneCheckpoints(this.options.checkpointDir, generation, manifest.file, { snapshotTemporaries: false });
    this.entriesSinceCheckpoint = 0;
  }

  /** Writes the index to `path`: as is, or sealed from a plaintext copy that never lies in the data directory. */
  private async writeIndexFile(path: string): Promise<void> {
    const cipher = this.cipher;
    if (cipher === undefined) {
      await this.index.write(path);
      return;
    }
    await withPrivateTempDir(async (dir) => {
      const plain = join(dir, 'index.bin');
      await this.index.write(plain);
      await sealFile(cipher, plain, path, INDEX_FILE_PURPOSE);
    });
  }

  /**
   * Key rotation: rewrites every record, sealed under the current key, from memory (which is
   * what LevelDB holds), a few hundred per turn of the apply lock so that applies continue in
   * between; then writes a fresh checkpoint, which replaces the sealed index file. Records
   * written meanwhile (applies, a snapshot restore) are sealed under the current key already.
   */
  async reencrypt(progress: ReencryptProgress): Promise<void> {
    const ids = await this.mutex.run(() => Promise.resolve([...this.catalog.entries()].map((e) => e.id)));
    let rewritten = 0;
    for (let i = 0; i < ids.length; i += REENCRYPT_BATCH_RECORDS) {
      await this.mutex.run(async () => {
        this.assertUsable();
        const gen = this.state.generation;
        const ops: BatchOp[] = [];
        for (const id of ids.slice(i, i + REENCRYPT_BATCH_RECORDS)) {
          const e = this.catalog.get(id);
          if (e === undefined) continue;
          const encoded = encodeStoredRecord({ version: e.version, label: e.label, vector: this.catalog.vectorView(e.label), payload: e.payload });
          ops.push({ type: 'put', key: recordKey(gen, id), value: this.values.seal(id, encoded) });
        }
        // Synced: the rotation retires the old key once every participant is done, so these
        // rewrites must be on disk by then.
        if (ops.length > 0) await this.db.batch(ops, syncOption(true));
        rewritten += ops.length;
      });
      progress(rewritten);
    }
    await this.mutex.run(async () => {
      this.assertUsable();
      await this.checkpointLocked();
    });
  }

  // ---- reads --------------------------------------------------------------------------------

  /** Records by id, from memory (consistent with search at the same applied index). */
  /**
   * Checks that the HNSW index agrees with the stored records: every record is indexed, live,
   * under its label with its exact vector, and no other label is live. (A search cannot check
   * this: HNSW may not reach every node.) Costs one read per label.
   */
  verifyIndex(): IndexCheck {
    const problems: string[] = [];
    let records = 0;
    const recordLabels = new Set<number>();
    for (const e of this.catalog.entries()) {
      records++;
      recordLabels.add(e.label);
      const got = this.index.vectorOf(e.label);
      const want = this.catalog.vectorAt(e.label);
      if (got === undefined) problems.push(`record "${e.id}" (label ${e.label}) is not live in the index`);
      else if (got.length !== want.length || got.some((x, i) => x !== want[i])) problems.push(`record "${e.id}" (label ${e.label}) has another vector in the index`);
    }
    let indexedLive = 0;
    for (const label of this.index.labels()) {
      if (this.index.vectorOf(label) === undefined) continue;
      indexedLive++;
      if (!recordLabels.has(label)) problems.push(`label ${label} is live in the index but no record has it`);
    }
    return { records, indexedLive, problems };
  }

  get(ids: readonly string[]): GetResult {
    this.assertUsable();
    ids.forEach((id, i) => validateId(id, `ids[${i}]`));
    const records: VectorRecord[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const e = this.catalog.get(id);
      if (e === undefined) missing.push(id);
      else records.push({ id, vector: this.catalog.vectorAt(e.label), payload: structuredClone(e.payload), version: e.version });
    }
    return { records, missing };
  }

  /** Live records. */
  count(): number {
    this.assertUsable();
    return this.catalog.size;
  }

  /** Top-k search; see search.ts for the plan. Synchronous: everything it reads is in memory. */
  search(request: SearchRequest): SearchResult {
    this.assertUsable();
    const normalized = validateSearchRequest(this.schema, request);
    return executeSearch(
      {
        schema: this.schema,
        catalog: this.catalog,
        index: this.index,
        filterExactMaxMatches: this.options.filterExactMaxMatches ?? FILTER_EXACT_MAX_MATCHES,
      },
      normalized,
    );
  }

  /** A page of records in id order, read from LevelDB. */
  async scan(request: ScanRequest): Promise<ScanPage> {
    this.assertUsable();
    const { limit } = request;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SCAN_LIMIT) {
      throw new VectorStoreError('INVALID_SCAN', `limit must be an integer in 1..${MAX_SCAN_LIMIT}, got ${String(limit)}`, 'limit');
    }
    const gen = this.state.generation;
    const range = recordRange(gen);
    const after = request.pageToken === undefined ? undefined : decodePageToken(request.pageToken);
    const bounds = after === undefined ? { gte: range.gte } : { gt: recordKey(gen, after) };
    const rows = await this.db.iterator({ ...bounds, lt: range.lt, limit: limit + 1 }).all();
    const records = rows.slice(0, limit).map(([key, value]): VectorRecord => {
      const id = key.slice(range.gte.length);
      const r = decodeStoredRecord(id, this.values.open(id, value));
      return { id, vector: r.vector, payload: r.payload, version: r.version };
    });
    const last = records[records.length - 1];
    return rows.length > limit && last !== undefined ? { records, nextPageToken: encodePageToken(last.id) } : { records };
  }

  // ---- snapshots ----------------------------------------------------------------------------

  /**
   * Captures a consistent snapshot at the current applied index: a LevelDB snapshot of the
   * records and an HNSW index file written at the same instant (both under the apply lock).
   * Applies continue while the chunks stream.
   */
  createSnapshot(): Promise<StateSnapshot> {
    return this.mutex.run(async () => {
      this.assertUsable();
      const { generation, appliedIndex } = this.state;
      const frozen = this.state.frozen === true;
      const retired = this.state.retired === true;
      // Encrypted: the plaintext index file streamed from lies outside the data directory.
      const plainDir = this.cipher === undefined ? null : await createPrivateTempDir();
      const tmpPath = join(plainDir ?? this.options.checkpointDir, `snapshot-${process.pid}-${++this.snapshotCounter}-${appliedIndex}.bin`);
      const levelSnapshot = this.db.snapshot();
      try {
        await this.index.write(tmpPath);
      } catch (e) {
        await levelSnapshot.close();
        if (plainDir !== null) await rm(plainDir, { recursive: true, force: true });
        throw e;
      }
      const values = this.values;
      const { dimension, metric } = this.schema;
      const db = this.db;
      let closed = false;
      const close = async (): Promise<void> => {
        if (closed) return;
        closed = true;
        await levelSnapshot.close();
        await rm(plainDir ?? tmpPath, { recursive: true, force: true });
      };
      async function* chunks(): AsyncGenerator<SnapshotChunk> {
        try {
          let seq = 0;
          yield encodePart(seq++, { kind: 'header', header: snapshotHeader(appliedIndex, dimension, metric, frozen, retired) });
          const range = recordRange(generation);
          let batch: SnapshotRecord[] = [];
          let batchBytes = 0;
          let recordCount = 0;
          for await (const [key, value] of db.iterator({ ...range, snapshot: levelSnapshot })) {
            // The stream carries records as encoded, not sealed: the receiver seals them under its own key.
            const id = key.slice(range.gte.length);
            batch.push({ id, value: values.open(id, value) });
            batchBytes += key.length + value.length + 6;
            recordCount++;
            if (batchBytes >= SNAPSHOT_CHUNK_BYTES) {
              yield encodePart(seq++, { kind: 'records', records: batch });
              batch = [];
              batchBytes = 0;
            }
          }
          if (batch.length > 0) yield encodePart(seq++, { kind: 'records', records: batch });
          const fh = await openFile(tmpPath, 'r');
          let indexBytes = 0;
          let indexCrc = 0;
          try {
            for (;;) {
              const buf = Buffer.alloc(SNAPSHOT_CHUNK_BYTES);
              const { bytesRead } = await fh.read(buf, 0, buf.length, null);
              if (bytesRead === 0) break;
              const piece = buf.subarray(0, bytesRead);
              indexBytes += bytesRead;
              indexCrc = crc32c(piece, indexCrc);
              yield encodePart(seq++, { kind: 'index', bytes: piece });
            }
          } finally {
            await fh.close();
          }
          yield encodePart(seq++, { kind: 'end', end: { recordCount, indexBytes, indexCrc32c: indexCrc } });
        } finally {
          await close();
        }
      }
      return { appliedIndex, chunks, close };
    });
  }

  /**
   * Replaces the group's whole state with a snapshot stream. Every chunk is verified before use;
   * records are staged under a new generation, the index file is installed as that generation's
   * checkpoint and loaded, and only then one synced write flips `m/state`. Any error before the
   * flip (a corrupt chunk: `SNAPSHOT_CORRUPT`; a short stream: `SNAPSHOT_INCOMPLETE`) discards
   * the staging and leaves the current state untouched. The snapshot's index may be lower than
   * the current applied index: Raft decides when to install one, the state machine obeys.
   */
  restore(chunks: AsyncIterable<SnapshotChunk> | Iterable<SnapshotChunk>): Promise<RestoreReport> {
    return this.mutex.run(async () => {
      this.assertUsable();
      const dir = this.options.checkpointDir;
      const oldGen = this.state.generation;
      const newGen = oldGen + 1;
      const sealedTmpPath = join(dir, `snapshot-restore-${newGen}.tmp`);
      const cipher = this.cipher;
      // Encrypted: the index arrives in plaintext and is kept outside the data directory until sealed.
      const plainDir = cipher === undefined ? null : await createPrivateTempDir();
      const tmpPath = plainDir === null ? sealedTmpPath : join(plainDir, 'snapshot-index.bin');
      await this.db.clear(generationRange(newGen));
      let flipped = false;
      try {
        let appliedIndex: number | undefined;
        let frozen = false;
        let retired = false;
        const labels = new Map<number, string>();
        const fh = await openFile(tmpPath, 'w');
        try {
          for await (const part of readSnapshotParts(chunks)) {
            if (part.kind === 'header') {
              const h = part.header;
              if (h.dimension !== this.schema.dimension || h.metric !== this.schema.metric) {
                throw new VectorStoreError('SCHEMA_MISMATCH', `snapshot is ${h.dimension}-d ${h.metric}, group is ${this.schema.dimension}-d ${this.schema.metric}`);
              }
              appliedIndex = h.appliedIndex;
              frozen = h.frozen === true;
              retired = h.retired === true;
            } else if (part.kind === 'records') {
              const ops: BatchOp[] = [];
              for (const r of part.records) {
                const stored = decodeStoredRecord(r.id, r.value);
                const clash = labels.get(stored.label);
                if (stored.vector.length !== this.schema.dimension || clash !== undefined) {
                  throw new VectorStoreError('SNAPSHOT_CORRUPT', `snapshot record "${r.id}" is inconsistent (dimension ${stored.vector.length}${clash === undefined ? '' : `, label shared with "${clash}"`})`);
                }
                labels.set(stored.label, r.id);
                ops.push({ type: 'put', key: recordKey(newGen, r.id), value: this.values.seal(r.id, r.value) });
                // Synced: the flip below is synced too, but LevelDB rotates its write-ahead log
                // without syncing the old file, so a later sync would not cover these.
                if (ops.length >= RESTORE_BATCH_RECORDS) await this.db.batch(ops.splice(0), syncOption(true));
              }
              if (ops.length > 0) await this.db.batch(ops, syncOption(true));
            } else if (part.kind === 'index') {
              await fh.write(part.bytes);
            }
          }
        } finally {
          await fh.close();
        }
        if (appliedIndex === undefined) throw new VectorStoreError('SNAPSHOT_INCOMPLETE', 'snapshot stream has no header');
        if (cipher !== undefined) await sealFile(cipher, tmpPath, sealedTmpPath, INDEX_FILE_PURPOSE);
        const manifest = await installCheckpoint(dir, newGen, appliedIndex, sealedTmpPath);
        // Loaded from the plaintext copy when there is one: it is what was just sealed.
        const index = await HnswIndex.load(this.schema, cipher === undefined ? join(dir, manifest.file) : tmpPath).catch((e: Error) => {
          throw new VectorStoreError('SNAPSHOT_CORRUPT', `snapshot index does not load: ${e.message}`);
        });
        const catalog = await loadCatalog(this.db, newGen, this.schema.dimension, this.values);
        const next: AppliedState = { generation: newGen, appliedIndex, ...(frozen ? { frozen } : {}), ...(retired ? { retired } : {}) };
        await this.db.put(STATE_KEY, encodeState(next), syncOption(true));
        flipped = true;
        this.state = next;
        this.catalog = catalog;
        this.allocator = LabelAllocator.fromLive([...catalog.entries()].map((e) => e.label));
        this.index = index;
        this.entriesSinceCheckpoint = 0;
        // The new state is in place: removing the old one is housekeeping. A failure here must
        // not report the restore as failed; the next open clears a leftover generation.
        try {
          await this.db.clear(generationRange(oldGen));
          await pruneCheckpoints(dir, newGen, manifest.file, { snapshotTemporaries: false });
        } catch (e) {
          this.options.log?.(`snapshot restored at index ${appliedIndex}, but removing generation ${oldGen} failed (cleared at next open): ${e instanceof Error ? e.message : String(e)}`);
        }
        return { appliedIndex, records: catalog.size };
      } catch (e) {
        if (!flipped) {
          await this.db.clear(generationRange(newGen));
          await rm(sealedTmpPath, { force: true });
          const found = await findCheckpoint(dir, oldGen);
          await pruneCheckpoints(dir, oldGen, found.ok ? found.manifest.file : undefined, { snapshotTemporaries: false });
        }
        throw e;
      } finally {
        if (plainDir !== null) await rm(plainDir, { recursive: true, force: true });
      }
    });
  }

  /**
   * Closes the group (not the node's database). By default writes a checkpoint first when
   * anything was applied since the last one, so the next open replays nothing.
   */
  close(options: { readonly checkpoint?: boolean } = {}): Promise<void> {
    return this.mutex.run(async () => {
      if (this.closed) return;
      this.unregister();
      if (options.checkpoint !== false && this.failure === undefined && this.entriesSinceCheckpoint > 0) {
        await this.checkpointLocked();
      }
      this.closed = true;
      await this.db.close();
    });
  }
}
