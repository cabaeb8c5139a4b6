import { crc32c } from '@node-rs/crc32';
import type { ConfState, Entry, EntryType, HardState, SnapshotMetadata } from '../../raft/index.js';
import { readU64, writeU64 } from './key-layout.js';

/**
 * Values of the Raft log key space (layout in key-layout.ts). Every value is
 *
 * ```
 * crc32c(u32 BE) | payload
 * ```
 *
 * where the checksum is CRC32C of the payload seeded with CRC32C of the key: it covers the
 * record's bytes and also where they are stored, so a value that lands under the wrong key (a
 * misdirected write, a copy between groups) fails verification as well as a flipped bit does.
 * Payloads (numbers u64 BE unless noted):
 *
 * ```
 * entry            index | term | type(u8) | data
 * hard state       term | vote | commit
 * apply state      applied | confState
 * truncated state  index | term
 * snapshot meta    index | term | confState
 * snapshot data    index | data
 * confState        4 × (count(u32) | count × nodeId) for voters, learners, votersOutgoing,
 *                  learnersNext; then autoLeave(u8)
 * ```
 *
 * Encoders compute the checksum before the write; decoders verify it after the read and throw
 * {@link RecordDecodeError} (the caller knows the group and key and turns it into a
 * LogCorruptionError).
 */

const CRC_BYTES = 4;
const U64_BYTES = 8;
export const ENTRY_HEADER_BYTES = CRC_BYTES + U64_BYTES + U64_BYTES + 1;

export class RecordDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordDecodeError';
  }
}

function checksum(key: Uint8Array, payload: Uint8Array): number {
  return crc32c(payload, crc32c(key));
}

/** Fills in the checksum of a value whose payload starts at CRC_BYTES. */
function seal(key: Uint8Array, value: Buffer): Buffer {
  value.writeUInt32BE(checksum(key, value.subarray(CRC_BYTES)), 0);
  return value;
}

/** Verifies a value's checksum and returns its payload. */
function open(key: Uint8Array, value: Uint8Array, minPayloadBytes: number): Buffer {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (buf.length < CRC_BYTES + minPayloadBytes) {
    throw new RecordDecodeError(`value of ${buf.length} bytes is shorter than ${CRC_BYTES + minPayloadBytes}`);
  }
  const stored = buf.readUInt32BE(0);
  const payload = buf.subarray(CRC_BYTES);
  const actual = checksum(key, payload);
  if (stored !== actual) {
    throw new RecordDecodeError(`checksum mismatch: stored crc32c ${hex32(stored)}, computed ${hex32(actual)}`);
  }
  return payload;
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export function encodeEntry(key: Uint8Array, e: Entry): Buffer {
  const value = Buffer.allocUnsafe(ENTRY_HEADER_BYTES + e.data.length);
  writeU64(value, CRC_BYTES, e.index);
  writeU64(value, CRC_BYTES + U64_BYTES, e.term);
  value[CRC_BYTES + 2 * U64_BYTES] = e.type;
  value.set(e.data, ENTRY_HEADER_BYTES);
  return seal(key, value);
}

/** Decodes an entry; its data is a view of `value` (no copy). */
export function decodeEntry(key: Uint8Array, value: Uint8Array): Entry {
  const p = open(key, value, ENTRY_HEADER_BYTES - CRC_BYTES);
  const type = p[2 * U64_BYTES]!;
  if (type !== 0 && type !== 1) throw new RecordDecodeError(`unknown entry type ${type}`);
  return {
    index: readU64(p, 0),
    term: readU64(p, U64_BYTES),
    type: type as EntryType,
    data: plainView(p, 2 * U64_BYTES + 1),
  };
}

export function encodeHardState(key: Uint8Array, hs: HardState): Buffer {
  const value = Buffer.allocUnsafe(CRC_BYTES + 3 * U64_BYTES);
  writeU64(value, CRC_BYTES, hs.term);
  writeU64(value, CRC_BYTES + U64_BYTES, hs.vote);
  writeU64(value, CRC_BYTES + 2 * U64_BYTES, hs.commit);
  return seal(key, value);
}

export function decodeHardState(key: Uint8Array, value: Uint8Array): HardState {
  const p = open(key, value, 3 * U64_BYTES);
  expectLength(p, 3 * U64_BYTES);
  return { term: readU64(p, 0), vote: readU64(p, U64_BYTES), commit: readU64(p, 2 * U64_BYTES) };
}

/** The membership as of the host's applied index, as the host records it. */
export interface ApplyState {
  readonly applied: number;
  readonly confState: ConfState;
}

export function encodeApplyState(key: Uint8Array, s: ApplyState): Buffer {
  const value = Buffer.allocUnsafe(CRC_BYTES + U64_BYTES + confStateBytes(s.confState));
  writeU64(value, CRC_BYTES, s.applied);
  writeConfState(value, CRC_BYTES + U64_BYTES, s.confState);
  return seal(key, value);
}

export function decodeApplyState(key: Uint8Array, value: Uint8Array): ApplyState {
  const p = open(key, value, U64_BYTES);
  const { confState, end } = readConfState(p, U64_BYTES);
  expectLength(p, end);
  return { applied: readU64(p, 0), confState };
}

/** The last compacted entry: the log holds (index, lastIndex], and `term` is the term of `index`. */
export interface TruncatedState {
  readonly index: number;
  readonly term: number;
}

export function encodeTruncatedState(key: Uint8Array, t: TruncatedState): Buffer {
  const value = Buffer.allocUnsafe(CRC_BYTES + 2 * U64_BYTES);
  writeU64(value, CRC_BYTES, t.index);
  writeU64(value, CRC_BYTES + U64_BYTES, t.term);
  return seal(key, value);
}

export function decodeTruncatedState(key: Uint8Array, value: Uint8Array): TruncatedState {
  const p = open(key, value, 2 * U64_BYTES);
  expectLength(p, 2 * U64_BYTES);
  return { index: readU64(p, 0), term: readU64(p, U64_BYTES) };
}

export function encodeSnapshotMeta(key: Uint8Array, m: SnapshotMetadata): Buffer {
  const value = Buffer.allocUnsafe(CRC_BYTES + 2 * U64_BYTES + confStateBytes(m.confState));
  writeU64(value, CRC_BYTES, m.index);
  writeU64(value, CRC_BYTES + U64_BYTES, m.term);
  writeConfState(value, CRC_BYTES + 2 * U64_BYTES, m.confState);
  return seal(key, value);
}

export function decodeSnapshotMeta(key: Uint8Array, value: Uint8Array): SnapshotMetadata {
  const p = open(key, value, 2 * U64_BYTES);
  const { confState, end } = readConfState(p, 2 * U64_BYTES);
  expectLength(p, end);
  return { index: readU64(p, 0), term: readU64(p, U64_BYTES), confState };
}

export function encodeSnapshotData(key: Uint8Array, index: number, data: Uint8Array): Buffer {
  const value = Buffer.allocUnsafe(CRC_BYTES + U64_BYTES + data.length);
  writeU64(value, CRC_BYTES, index);
  value.set(data, CRC_BYTES + U64_BYTES);
  return seal(key, value);
}

export function decodeSnapshotData(key: Uint8Array, value: Uint8Array): { index: number; data: Uint8Array } {
  const p = open(key, value, U64_BYTES);
  return { index: readU64(p, 0), data: plainView(p, U64_BYTES) };
}

/**
 * A plain Uint8Array over the rest of `buf` (no copy). Readers get what writers gave (a
 * Uint8Array), not a Buffer whose extra methods and equality semantics would differ.
 */
function plainView(buf: Buffer, from: number): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset + from, buf.length - from);
}

function expectLength(p: Uint8Array, n: number): void {
  if (p.length !== n) throw new RecordDecodeError(`payload has ${p.length} bytes, expected ${n}`);
}

const CONF_LISTS = ['voters', 'learners', 'votersOutgoing', 'learnersNext'] as const;

function confStateBytes(cs: ConfState): number {
  let n = 1;
  for (const name of CONF_LISTS) n += 4 + cs[name].length * U64_BYTES;
  return n;
}

function writeConfState(buf: Buffer, offset: number, cs: ConfState): void {
  let at = offset;
  for (const name of CONF_LISTS) {
    const ids = cs[name];
    buf.writeUInt32BE(ids.length, at);
    at += 4;
    for (const id of ids) {
      writeU64(buf, at, id);
      at += U64_BYTES;
    }
  }
  buf[at] = cs.autoLeave ? 1 : 0;
}

function readConfState(p: Buffer, offset: number): { confState: ConfState; end: number } {
  let at = offset;
  const lists: number[][] = [];
  for (const name of CONF_LISTS) {
    if (at + 4 > p.length) throw new RecordDecodeError(`conf state truncated before ${name}`);
    const count = p.readUInt32BE(at);
    at += 4;
    if (at + count * U64_BYTES > p.length) throw new RecordDecodeError(`conf state ${name} truncated`);
    const ids: number[] = [];
    for (let i = 0; i < count; i++, at += U64_BYTES) ids.push(readU64(p, at));
    lists.push(ids);
  }
  if (at >= p.length) throw new RecordDecodeError('conf state truncated before autoLeave');
  const autoLeave = p[at]!;
  if (autoLeave > 1) throw new RecordDecodeError(`conf state autoLeave byte ${autoLeave}`);
  return {
    confState: {
      voters: lists[0]!, learners: lists[1]!, votersOutgoing: lists[2]!, learnersNext: lists[3]!,
      autoLeave: autoLeave === 1,
    },
    end: at + 1,
  };
}
