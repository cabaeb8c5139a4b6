/**
 * The LevelDB key layout of the Raft log store. One LevelDB per node holds the Raft state of
 * every group the node hosts, each group under its own prefix, so that one synced batch can
 * cover the writes of all groups (group commit, DESIGN.md §4).
 *
 * Every number is a fixed-width unsigned big-endian integer, so LevelDB's bytewise order is the
 * numeric order: a group's keys are contiguous, and its entries sort by index.
 *
 * ```
 * key = SPACE(1) | group(u64 BE) | kind(1) [ | index(u64 BE) ]      (kind = ENTRY only)
 *
 *   SPACE = 0x01                      the Raft log's key space; the state machine uses others
 *   kind 0x01 HARD_STATE              {term, vote, commit}
 *   kind 0x02 APPLY_STATE             {applied, confState}  (membership as of the applied index)
 *   kind 0x03 TRUNCATED_STATE         {index, term} of the last compacted entry (the log's
 *                                     placeholder: firstIndex() - 1 and its term)
 *   kind 0x04 SNAPSHOT_META           {index, term, confState} of the latest snapshot
 *   kind 0x05 SNAPSHOT_DATA           {index, bytes} of the latest snapshot (index ties it to META)
 *   kind 0x10 ENTRY | index           {index, term, type, data}, for firstIndex() ≤ index ≤ lastIndex()
 * ```
 *
 * Values carry a CRC32C (see record-codec.ts). Entry kinds sort after the metadata kinds, so a
 * scan of a group reads its metadata first and then its entries in index order.
 */

/** A Raft group's id on this node (a non-negative safe integer). */
export type GroupId = number;

export const KEY_SPACE_RAFT_LOG = 0x01;

export enum KeyKind {
  HardState = 0x01,
  ApplyState = 0x02,
  TruncatedState = 0x03,
  SnapshotMeta = 0x04,
  SnapshotData = 0x05,
  Entry = 0x10,
}

const KIND_NAMES: Readonly<Record<number, string>> = {
  [KeyKind.HardState]: 'hard-state',
  [KeyKind.ApplyState]: 'apply-state',
  [KeyKind.TruncatedState]: 'truncated-state',
  [KeyKind.SnapshotMeta]: 'snapshot-meta',
  [KeyKind.SnapshotData]: 'snapshot-data',
  [KeyKind.Entry]: 'entry',
};

export function keyKindName(kind: number): string {
  return KIND_NAMES[kind] ?? `unknown-kind-0x${kind.toString(16)}`;
}

/** SPACE + group. */
const GROUP_PREFIX_BYTES = 1 + 8;
export const META_KEY_BYTES = GROUP_PREFIX_BYTES + 1;
export const ENTRY_KEY_BYTES = GROUP_PREFIX_BYTES + 1 + 8;

const TWO_POW_32 = 0x1_0000_0000;

/** Writes a safe non-negative integer as u64 big-endian (JS numbers stop at 2^53, far below). */
export function writeU64(buf: Uint8Array, offset: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a u64-encodable safe integer: ${n}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint32(offset, Math.floor(n / TWO_POW_32));
  view.setUint32(offset + 4, n >>> 0);
}

/** Reads a u64 big-endian; values above 2^53 - 1 cannot come from writeU64 and are rejected. */
export function readU64(buf: Uint8Array, offset: number): number {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = view.getUint32(offset) * TWO_POW_32 + view.getUint32(offset + 4);
  if (!Number.isSafeInteger(n)) throw new RangeError(`u64 at ${offset} exceeds 2^53`);
  return n;
}

function groupPrefixInto(buf: Uint8Array, group: GroupId): void {
  buf[0] = KEY_SPACE_RAFT_LOG;
  writeU64(buf, 1, group);
}

/** The key of one of a group's metadata records. */
export function metaKey(group: GroupId, kind: Exclude<KeyKind, KeyKind.Entry>): Uint8Array {
  const key = new Uint8Array(META_KEY_BYTES);
  groupPrefixInto(key, group);
  key[GROUP_PREFIX_BYTES] = kind;
  return key;
}

export function entryKey(group: GroupId, index: number): Uint8Array {
  const key = new Uint8Array(ENTRY_KEY_BYTES);
  groupPrefixInto(key, group);
  key[GROUP_PREFIX_BYTES] = KeyKind.Entry;
  writeU64(key, GROUP_PREFIX_BYTES + 1, index);
  return key;
}

/** [gte, lt) bounds covering every key of `group` (its prefix and nothing else). */
export function groupKeyRange(group: GroupId): { readonly gte: Uint8Array; readonly lt: Uint8Array } {
  const gte = new Uint8Array(GROUP_PREFIX_BYTES);
  groupPrefixInto(gte, group);
  // The prefix followed by 0xff.. is below the next group's prefix because kinds are < 0xff.
  const lt = new Uint8Array(GROUP_PREFIX_BYTES + 1);
  groupPrefixInto(lt, group);
  lt[GROUP_PREFIX_BYTES] = 0xff;
  return { gte, lt };
}

/** [gte, lt) bounds covering the whole Raft log key space (every group). */
export function logKeySpaceRange(): { readonly gte: Uint8Array; readonly lt: Uint8Array } {
  return { gte: Uint8Array.of(KEY_SPACE_RAFT_LOG), lt: Uint8Array.of(KEY_SPACE_RAFT_LOG + 1) };
}

export type DecodedKey =
  | { readonly group: GroupId; readonly kind: KeyKind.Entry; readonly index: number }
  | { readonly group: GroupId; readonly kind: Exclude<KeyKind, KeyKind.Entry>; readonly index: null };

/** Parses a key of the Raft log key space; null if it does not follow the layout above. */
export function decodeKey(key: Uint8Array): DecodedKey | null {
  if (key.length < META_KEY_BYTES || key[0] !== KEY_SPACE_RAFT_LOG) return null;
  let group: number;
  try {
    group = readU64(key, 1);
  } catch {
    return null;
  }
  const kind = key[GROUP_PREFIX_BYTES]!;
  if (kind === KeyKind.Entry) {
    if (key.length !== ENTRY_KEY_BYTES) return null;
    try {
      return { group, kind, index: readU64(key, GROUP_PREFIX_BYTES + 1) };
    } catch {
      return null;
    }
  }
  if (key.length !== META_KEY_BYTES || !(kind in KIND_NAMES)) return null;
  return { group, kind: kind as Exclude<KeyKind, KeyKind.Entry>, index: null };
}

/** Hex of a key, for error messages and reports. */
export function keyHex(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex');
}
