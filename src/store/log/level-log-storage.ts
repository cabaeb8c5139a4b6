import { ClassicLevel } from 'classic-level';
import type { ConfState, Entry, Snapshot, Storage } from '../../raft/index.js';
import {
  GroupCommitWriter, type CommitSink, type GroupCommitLimits, type GroupCommitStats, type PreparedWrite,
} from './group-commit-writer.js';
import { GroupLog, emptyGroupLogState, type GroupLogState } from './group-log.js';
import {
  ENTRY_KEY_BYTES, KeyKind, decodeKey, entryKey, groupKeyRange, keyHex, keyKindName, logKeySpaceRange, metaKey, readU64,
  type GroupId,
} from './key-layout.js';
import { LogCorruptionError, LogWriteError, type LogRecordName } from './log-errors.js';
import type { GroupWrite, LogStorage } from './log-storage.js';
import {
  ENTRY_HEADER_BYTES, RecordDecodeError, decodeApplyState, decodeEntry, decodeHardState, decodeSnapshotData,
  decodeSnapshotMeta, decodeTruncatedState, encodeApplyState, encodeEntry, encodeHardState, encodeSnapshotData,
  encodeSnapshotMeta, encodeTruncatedState, type ApplyState, type TruncatedState,
} from './record-codec.js';
import { checkCompact, checkCreateSnapshot, checkGroupWrite } from './write-validation.js';
import type { AtRestEncryption, ReencryptProgress, ValueCipher } from '../encryption-at-rest.js';

/** One operation of a LevelDB batch, keys and values as raw bytes. */
export type LevelBatchOp =
  | { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: Uint8Array };

export interface LevelLogStorageOptions {
  readonly limits?: Partial<GroupCommitLimits>;
  /**
   * fsync every batch (default true). False only for benchmarks of the unsynced path: a write
   * that resolved could then be lost by a machine crash.
   */
  readonly sync?: boolean;
  /**
   * Encryption at rest: entry data and snapshot data are sealed (the record's LevelDB key is the
   * context), and the store enrols for key rotation. The framing around them (index, term,
   * type, hard state, membership) stays plaintext: it is numbers, and the open scan verifies
   * the log's shape before anything is decrypted.
   */
  readonly encryption?: AtRestEncryption;
}

/** The database the store works on: any classic-level instance (its default encodings are not used). */
export type LogDatabase = ClassicLevel<unknown, unknown>;

const BYTES = { keyEncoding: 'view', valueEncoding: 'view' } as const;
/** Fixed bytes a write's records cost beyond entry data, for queue accounting. */
const WRITE_OVERHEAD_BYTES = 256;
/** Entry bytes one re-encryption write rewrites at most (it is one write of the group in the queue). */
const REENCRYPT_WRITE_BYTES = 4 * 1024 * 1024;

/**
 * How entry and snapshot data are stored: as given, or sealed with the record's key as the
 * context (so a sealed value moved under another key fails to open). `open` throws
 * RecordDecodeError, which the loader turns into a LogCorruptionError naming the record.
 */
interface DataCodec {
  seal(key: Uint8Array, data: Uint8Array): Uint8Array;
  open(key: Uint8Array, data: Uint8Array): Uint8Array;
}

const PLAIN_DATA: DataCodec = { seal: (_key, data) => data, open: (_key, data) => data };

function sealedData(cipher: ValueCipher): DataCodec {
  return {
    seal: (key, data) => cipher.seal(data, key),
    open: (key, data) => {
      try {
        return cipher.open(data, key);
      } catch (e) {
        throw new RecordDecodeError(`data does not decrypt: ${(e as Error).message}`, { cause: e });
      }
    },
  };
}

/**
 * The Raft log of every group on a node, durable in one LevelDB (key layout: key-layout.ts,
 * values: record-codec.ts) and mirrored in memory per group ({@link GroupLog}) for the core's
 * synchronous reads. All writes of all groups go through one {@link GroupCommitWriter}: one
 * synced `db.batch` per flush, whatever the number of groups.
 *
 * Opening scans the whole Raft key space once, verifies every record's checksum and the log's
 * shape (contiguous entries after the truncated index, snapshot data matching its metadata), and
 * stops each group that fails with a {@link LogCorruptionError}.
 */
export class LevelLogStorage implements LogStorage {
  private readonly logs = new Map<GroupId, GroupLog>();
  private readonly stopped = new Map<GroupId, LogCorruptionError>();
  private readonly writer: GroupCommitWriter<LevelBatchOp>;
  private readonly codec: DataCodec;
  private released = false;
  private unregister: () => void = () => undefined;

  private constructor(
    private readonly db: LogDatabase,
    private readonly ownsDb: boolean,
    options: LevelLogStorageOptions,
  ) {
    const sync = options.sync ?? true;
    const sink: CommitSink<LevelBatchOp> = {
      commit: (ops) => db.batch<Uint8Array, Uint8Array>(ops, { ...BYTES, sync }),
    };
    this.writer = new GroupCommitWriter(sink, options.limits);
    this.codec = options.encryption === undefined ? PLAIN_DATA : sealedData(options.encryption.cipher);
  }

  /** Enrols for key rotation once the log has loaded (a store that failed to load holds nothing to rotate). */
  private enrol(encryption: AtRestEncryption | undefined): void {
    if (encryption === undefined) return;
    this.unregister = encryption.register({
      name: 'raft log',
      reencrypt: (progress) => this.reencrypt(progress),
      afterRotation: () => this.compactDatabase(),
    });
  }

  /**
   * Opens the store on `db` (opened here if needed), which the caller shares with the state
   * machine and closes itself.
   */
  static async open<K, V>(db: ClassicLevel<K, V>, options: LevelLogStorageOptions = {}): Promise<LevelLogStorage> {
    await db.open();
    // Every operation of the store names its own encodings, so the database's defaults are irrelevant.
    const store = new LevelLogStorage(db as unknown as LogDatabase, false, options);
    await store.load();
    store.enrol(options.encryption);
    return store;
  }

  /** Opens (creating if missing) a LevelDB at `location` that the store owns and closes. */
  static async openAt(location: string, options: LevelLogStorageOptions = {}): Promise<LevelLogStorage> {
    const db: LogDatabase = new ClassicLevel<unknown, unknown>(location, BYTES);
    await db.open();
    const store = new LevelLogStorage(db, true, options);
    try {
      await store.load();
    } catch (err) {
      await db.close();
      throw err;
    }
    store.enrol(options.encryption);
    return store;
  }

  /** The database, for tests and tools (e.g. to inspect keys). */
  get database(): LogDatabase {
    return this.db;
  }

  storage(group: GroupId): Storage {
    return this.log(group);
  }

  groups(): readonly GroupId[] {
    return [...this.logs.entries()].filter(([, l]) => !l.isEmpty()).map(([g]) => g).sort((a, b) => a - b);
  }

  applyState(group: GroupId): ApplyState {
    return this.log(group).applyState();
  }

  corruptions(): readonly LogCorruptionError[] {
    return [...this.stopped.values()];
  }

  write(group: GroupId, w: GroupWrite): Promise<void> {
    return this.writer.submit(group, writeBytes(w), () => prepareWrite(group, this.writableLog(group), w, this.codec));
  }

  createSnapshot(group: GroupId, index: number, confState: ConfState, data: Uint8Array): Promise<Snapshot> {
    return this.writer.submit(group, data.length + WRITE_OVERHEAD_BYTES, (): PreparedWrite<LevelBatchOp, Snapshot> => {
      const log = this.writableLog(group);
      checkCreateSnapshot(log.shape(), index);
      const metadata = { index, term: log.term(index), confState };
      return {
        ops: snapshotOps(group, metadata, data, this.codec),
        apply: () => log.createSnapshot(index, confState, data),
      };
    });
  }

  compact(group: GroupId, index: number): Promise<void> {
    return this.writer.submit(group, WRITE_OVERHEAD_BYTES, (): PreparedWrite<LevelBatchOp, void> => {
      const log = this.writableLog(group);
      if (!checkCompact(log.shape(), index)) return { ops: [], apply: () => undefined };
      const truncated: TruncatedState = { index, term: log.term(index) };
      const ops: LevelBatchOp[] = [putTruncated(group, truncated)];
      // Deletes of the compacted prefix ride in the same batch as the new truncated state, so a
      // crash leaves either the old log or the new one, never a log with a hole at its start.
      for (let i = log.firstIndex(); i <= index; i++) ops.push({ type: 'del', key: entryKey(group, i) });
      return { ops, apply: () => log.compact(index) };
    });
  }

  /**
   * Deletes every key under the group's prefix. A healthy group's keys are exactly those its
   * in-memory log knows of (opening verified that every stored key belongs to it), so the drop
   * is queued at once, in order with the group's other writes. A stopped (corrupt) group's keys
   * are found by scanning the database, so that unreadable ones go too: this is how an operator
   * discards it; its writes are refused until the drop is done.
   */
  dropGroup(group: GroupId): Promise<void> {
    const prepare = (scanned: readonly Uint8Array[]) => (): PreparedWrite<LevelBatchOp, void> => {
      const keys = new Map<string, Uint8Array>();
      for (const key of scanned) keys.set(keyHex(key), key);
      const log = this.logs.get(group);
      if (log !== undefined) {
        for (const key of metaKeys(group)) keys.set(keyHex(key), key);
        for (let i = log.firstIndex(); i <= log.lastIndex(); i++) keys.set(keyHex(entryKey(group, i)), entryKey(group, i));
      }
      return {
        ops: [...keys.values()].map((key) => ({ type: 'del', key })),
        apply: () => {
          this.logs.delete(group);
          this.stopped.delete(group);
        },
      };
    };
    if (!this.stopped.has(group)) return this.writer.submit(group, WRITE_OVERHEAD_BYTES, prepare([]));
    return this.scanKeys(group).then((scanned) =>
      this.writer.submit(group, WRITE_OVERHEAD_BYTES + scanned.length * ENTRY_KEY_BYTES, prepare(scanned)));
  }

  private async scanKeys(group: GroupId): Promise<Uint8Array[]> {
    const keys: Uint8Array[] = [];
    for await (const key of this.db.keys<Uint8Array>({ ...groupKeyRange(group), keyEncoding: 'view' })) keys.push(key);
    return keys;
  }

  whenWritable(write?: GroupWrite): Promise<void> {
    return this.writer.whenWritable(write === undefined ? 0 : writeBytes(write));
  }

  stats(): GroupCommitStats {
    return this.writer.stats();
  }

  async close(): Promise<void> {
    this.unregister();
    await this.writer.close();
    await this.release();
  }

  // Key rotation ------------------------------------------------------------------------------

  /**
   * Rewrites every group's entries and snapshot data sealed under the current key. Each rewrite
   * is an ordinary write of its group through the group-commit queue, prepared when its batch
   * is cut: it reads the durable entries from the in-memory log at that moment, so it neither
   * races appends, truncations and compactions of the group nor resurrects what they removed.
   * Entries written after a rewrite passed them are sealed under the current key already.
   */
  private async reencrypt(progress: ReencryptProgress): Promise<void> {
    // A stopped group's records cannot be read, so they cannot be rewritten either: retiring the
    // old key would make them unreadable for good. The operator drops such a group first.
    if (this.stopped.size > 0) {
      throw new LogWriteError('GROUP_STOPPED', `groups ${[...this.stopped.keys()].join(', ')} are stopped by corruption: their logs cannot be re-encrypted`);
    }
    let rewritten = 0;
    for (const group of [...this.logs.keys()].sort((a, b) => a - b)) {
      await this.writer.submit(group, WRITE_OVERHEAD_BYTES, (): PreparedWrite<LevelBatchOp, void> => {
        const snap = this.logs.get(group)?.snapshot();
        if (snap === undefined || snap.metadata.index === 0) return { ops: [], apply: () => undefined };
        const key = metaKey(group, KeyKind.SnapshotData);
        return { ops: [{ type: 'put', key, value: encodeSnapshotData(key, snap.metadata.index, this.codec.seal(key, snap.data)) }], apply: () => undefined };
      });
      let from = 0;
      for (;;) {
        const step = await this.writer.submit(group, REENCRYPT_WRITE_BYTES, (): PreparedWrite<LevelBatchOp, { next: number; count: number }> => {
          const log = this.logs.get(group);
          // The group was dropped meanwhile: nothing of it is left to rewrite.
          if (log === undefined) return { ops: [], apply: () => ({ next: -1, count: 0 }) };
          const lo = Math.max(from, log.firstIndex());
          const ents = lo <= log.lastIndex() ? log.entries(lo, log.lastIndex() + 1, REENCRYPT_WRITE_BYTES) : [];
          const ops: LevelBatchOp[] = ents.map((e) => {
            const key = entryKey(group, e.index);
            return { type: 'put', key, value: encodeEntry(key, { ...e, data: this.codec.seal(key, e.data) }) };
          });
          const last = ents[ents.length - 1];
          return { ops, apply: () => ({ next: last === undefined ? -1 : last.index + 1, count: ents.length }) };
        });
        rewritten += step.count;
        progress(rewritten);
        if (step.next < 0) break;
        from = step.next;
      }
    }
  }

  /**
   * Asks LevelDB to compact the whole database, so that the files holding values superseded by
   * a rotation (sealed under the retired key) are rewritten without them. Best effort: LevelDB
   * keeps a superseded value while a snapshot of the database still needs it.
   */
  private async compactDatabase(): Promise<void> {
    await this.db.compactRange(Uint8Array.of(0x00), new Uint8Array(64).fill(0xff), { keyEncoding: 'view' });
  }

  async crash(): Promise<void> {
    await this.writer.crash();
    await this.release();
  }

  private async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.ownsDb) await this.db.close();
  }

  private log(group: GroupId): GroupLog {
    const corruption = this.stopped.get(group);
    if (corruption !== undefined) throw corruption;
    let log = this.logs.get(group);
    if (log === undefined) {
      if (!Number.isSafeInteger(group) || group < 0) throw new RangeError(`group id must be a non-negative safe integer, got ${group}`);
      log = new GroupLog();
      this.logs.set(group, log);
    }
    return log;
  }

  /**
   * The group's log for preparing a write. Looked up when the write's batch is cut, not when it
   * was submitted: an earlier write of the group in the queue (a drop) may have replaced it.
   */
  private writableLog(group: GroupId): GroupLog {
    const corruption = this.stopped.get(group);
    if (corruption !== undefined) throw new LogWriteError('GROUP_STOPPED', `group ${group} is stopped by corruption`, { cause: corruption });
    return this.log(group);
  }

  // Loading -------------------------------------------------------------------------------

  private async load(): Promise<void> {
    let loader: GroupLoader | null = null;
    const finish = (): void => {
      if (loader === null) return;
      const result = loader.finish();
      if (result instanceof LogCorruptionError) this.stopped.set(loader.group, result);
      else this.logs.set(loader.group, new GroupLog(result));
    };
    const range = logKeySpaceRange();
    for await (const [key, value] of this.db.iterator<Uint8Array, Uint8Array>({ ...range, ...BYTES })) {
      const decoded = decodeKey(key);
      const group = decoded?.group ?? groupOfMalformedKey(key);
      if (loader === null || loader.group !== group) {
        finish();
        loader = new GroupLoader(group, this.codec);
      }
      if (decoded === null) loader.corrupt('key', key, null, 'the key does not follow the Raft log key layout');
      else loader.add(decoded.kind, decoded.index, key, value);
    }
    finish();
  }
}

/** Accumulates one group's records during the open scan, verifying each as it comes. */
class GroupLoader {
  private readonly state = emptyGroupLogState();
  private hardState = this.state.hardState;
  private applyState = this.state.applyState;
  private truncated = this.state.truncated;
  private snapshotMeta: Snapshot['metadata'] | null = null;
  private snapshotData: { index: number; data: Uint8Array } | null = null;
  private readonly entries: Entry[] = [];
  private failure: LogCorruptionError | null = null;

  constructor(readonly group: GroupId, private readonly codec: DataCodec) {}

  corrupt(record: LogRecordName, key: Uint8Array, index: number | null, detail: string): void {
    this.failure ??= new LogCorruptionError(this.group, record, keyHex(key), index, detail);
  }

  add(kind: KeyKind, index: number | null, key: Uint8Array, value: Uint8Array): void {
    if (this.failure !== null) return; // the group is stopped; its first failure is what we report
    const record = keyKindName(kind) as LogRecordName;
    try {
      switch (kind) {
        case KeyKind.HardState: this.hardState = decodeHardState(key, value); break;
        case KeyKind.ApplyState: this.applyState = decodeApplyState(key, value); break;
        case KeyKind.TruncatedState: this.truncated = decodeTruncatedState(key, value); break;
        case KeyKind.SnapshotMeta: this.snapshotMeta = decodeSnapshotMeta(key, value); break;
        case KeyKind.SnapshotData: {
          const d = decodeSnapshotData(key, value);
          this.snapshotData = { index: d.index, data: this.codec.open(key, d.data) };
          break;
        }
        case KeyKind.Entry: this.addEntry(index!, key, value); break;
      }
    } catch (err) {
      if (!(err instanceof RecordDecodeError || err instanceof RangeError)) throw err;
      this.corrupt(record, key, index, err.message);
    }
  }

  private addEntry(index: number, key: Uint8Array, value: Uint8Array): void {
    const stored = decodeEntry(key, value);
    if (stored.index !== index) throw new RecordDecodeError(`the value holds entry ${stored.index}`);
    const e: Entry = { ...stored, data: this.codec.open(key, stored.data) };
    // Metadata kinds sort before entries, so the truncated state is known by now.
    const expected = this.truncated.index + 1 + this.entries.length;
    if (index !== expected) {
      throw new RecordDecodeError(this.entries.length === 0
        ? `the log starts at ${index}, but is truncated at ${this.truncated.index}`
        : `entry ${expected} is missing`);
    }
    this.entries.push(e);
  }

  finish(): GroupLogState | LogCorruptionError {
    if (this.failure !== null) return this.failure;
    const meta = this.snapshotMeta;
    const data = this.snapshotData;
    if ((meta === null) !== (data === null) || (meta !== null && data !== null && meta.index !== data.index)) {
      const key = metaKey(this.group, KeyKind.SnapshotData);
      return new LogCorruptionError(this.group, 'snapshot-data', keyHex(key), null,
        `snapshot metadata at ${meta?.index ?? 'none'} does not match snapshot data at ${data?.index ?? 'none'}`);
    }
    return {
      hardState: this.hardState,
      applyState: this.applyState,
      truncated: this.truncated,
      snapshot: meta !== null && data !== null ? { metadata: meta, data: data.data } : this.state.snapshot,
      entries: this.entries,
    };
  }
}

/** A malformed key in our key space still names its group if its first 9 bytes are there. */
function groupOfMalformedKey(key: Uint8Array): GroupId {
  if (key.length >= 9) {
    try {
      return readU64(key, 1);
    } catch {
      // fall through
    }
  }
  throw new LogCorruptionError(-1, 'key', keyHex(key), null, 'a key in the Raft log key space names no group');
}

/** Turns a validated GroupWrite into batch operations against the group's durable log. */
function prepareWrite(group: GroupId, log: GroupLog, w: GroupWrite, codec: DataCodec): PreparedWrite<LevelBatchOp, void> {
  const shape = log.shape();
  checkGroupWrite(shape, w);
  const ops: LevelBatchOp[] = [];
  let truncatedIndex = shape.truncatedIndex;
  let lastIndex = shape.lastIndex;
  if (w.snapshot) {
    const meta = w.snapshot.metadata;
    ops.push(...snapshotOps(group, meta, w.snapshot.data, codec));
    ops.push(putTruncated(group, { index: meta.index, term: meta.term }));
    ops.push(putApplyState(group, { applied: meta.index, confState: meta.confState }));
    // The snapshot replaces the whole log: every stored entry goes.
    for (let i = truncatedIndex + 1; i <= lastIndex; i++) ops.push({ type: 'del', key: entryKey(group, i) });
    truncatedIndex = meta.index;
    lastIndex = meta.index;
  }
  const ents = w.entries ?? [];
  const newLast = ents[ents.length - 1];
  if (newLast !== undefined && newLast.index > truncatedIndex) {
    for (const e of ents) {
      if (e.index <= truncatedIndex) continue;
      const key = entryKey(group, e.index);
      ops.push({ type: 'put', key, value: encodeEntry(key, { ...e, data: codec.seal(key, e.data) }) });
    }
    // Overwriting a conflicting suffix: entries past the new last index must go too, or a
    // restart would resurrect them as if they followed the new tail.
    for (let i = newLast.index + 1; i <= lastIndex; i++) ops.push({ type: 'del', key: entryKey(group, i) });
  }
  if (w.hardState) {
    const key = metaKey(group, KeyKind.HardState);
    ops.push({ type: 'put', key, value: encodeHardState(key, w.hardState) });
  }
  if (w.applyState) ops.push(putApplyState(group, w.applyState));
  return {
    ops,
    apply: () => {
      if (w.snapshot) log.applySnapshot(w.snapshot);
      if (ents.length > 0) log.append(ents);
      if (w.hardState) log.setHardState(w.hardState);
      if (w.applyState) log.setApplyState(w.applyState);
    },
  };
}

function metaKeys(group: GroupId): Uint8Array[] {
  const kinds = [KeyKind.HardState, KeyKind.ApplyState, KeyKind.TruncatedState, KeyKind.SnapshotMeta, KeyKind.SnapshotData] as const;
  return kinds.map((kind) => metaKey(group, kind));
}

function snapshotOps(group: GroupId, meta: Snapshot['metadata'], data: Uint8Array, codec: DataCodec): LevelBatchOp[] {
  const metaK = metaKey(group, KeyKind.SnapshotMeta);
  const dataK = metaKey(group, KeyKind.SnapshotData);
  return [
    { type: 'put', key: metaK, value: encodeSnapshotMeta(metaK, meta) },
    { type: 'put', key: dataK, value: encodeSnapshotData(dataK, meta.index, codec.seal(dataK, data)) },
  ];
}

function putTruncated(group: GroupId, t: TruncatedState): LevelBatchOp {
  const key = metaKey(group, KeyKind.TruncatedState);
  return { type: 'put', key, value: encodeTruncatedState(key, t) };
}

function putApplyState(group: GroupId, s: ApplyState): LevelBatchOp {
  const key = metaKey(group, KeyKind.ApplyState);
  return { type: 'put', key, value: encodeApplyState(key, s) };
}

function writeBytes(w: GroupWrite): number {
  let n = WRITE_OVERHEAD_BYTES + (w.snapshot?.data.length ?? 0);
  for (const e of w.entries ?? []) n += e.data.length + ENTRY_HEADER_BYTES + 18;
  return n;
}
