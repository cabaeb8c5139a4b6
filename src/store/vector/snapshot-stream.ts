/**
 * The snapshot wire format: a stream of chunks, each with a sequence number and a CRC32C over
 * (sequence number ‖ data), so a damaged, dropped, duplicated or reordered chunk is detected and
 * named before anything it carries is used.
 *
 * Chunk data starts with a kind byte:
 * ```
 * 1 header   JSON {format, appliedIndex, dimension, metric}
 * 2 records  u32 n · n × (u16 idLen · id · u32 valueLen · stored record bytes)
 * 3 index    a piece of the hnswlib index file
 * 4 end      u32 recordCount · u64 indexBytes · u32 indexCrc32c
 * ```
 * Order: header, records…, index…, end. The end chunk's totals catch a stream that lost whole
 * pieces while every chunk it did deliver was intact.
 */
import { crc32c } from '@node-rs/crc32';
import { BinaryFormatError, BinaryReader, BinaryWriter, utf8Decode, utf8Encode } from './binary.js';
import { VectorStoreError } from './errors.js';
import type { Metric } from './schema.js';

/** Target size of one chunk's data. */
export const SNAPSHOT_CHUNK_BYTES = 1024 * 1024;

const SNAPSHOT_FORMAT = 1;
const KIND_HEADER = 1;
const KIND_RECORDS = 2;
const KIND_INDEX = 3;
const KIND_END = 4;

/** One chunk of a snapshot stream. */
export interface SnapshotChunk {
  /** 0, 1, 2, … with no gaps. */
  readonly seq: number;
  readonly data: Uint8Array;
  /** CRC32C over the little-endian u32 `seq` followed by `data`. */
  readonly crc32c: number;
}

export interface SnapshotHeader {
  readonly format: number;
  readonly appliedIndex: number;
  readonly dimension: number;
  readonly metric: Metric;
  /** The shard was frozen for a reshard at `appliedIndex` (absent = not frozen). */
  readonly frozen?: boolean;
  /** ...and retired (reads refused too). */
  readonly retired?: boolean;
}

/** A raw record as stored: the id and its stored bytes (record-codec.ts). */
export interface SnapshotRecord {
  readonly id: string;
  readonly value: Uint8Array;
}

export interface SnapshotEnd {
  readonly recordCount: number;
  readonly indexBytes: number;
  readonly indexCrc32c: number;
}

/** A decoded, verified piece of a snapshot. */
export type SnapshotPart =
  | { readonly kind: 'header'; readonly header: SnapshotHeader }
  | { readonly kind: 'records'; readonly records: readonly SnapshotRecord[] }
  | { readonly kind: 'index'; readonly bytes: Uint8Array }
  | { readonly kind: 'end'; readonly end: SnapshotEnd };

function chunkCrc(seq: number, data: Uint8Array): number {
  const seqBytes = new Uint8Array(4);
  new DataView(seqBytes.buffer).setUint32(0, seq, true);
  return crc32c(data, crc32c(seqBytes));
}

/** Frames a part as chunk `seq`. */
export function encodePart(seq: number, part: SnapshotPart): SnapshotChunk {
  const w = new BinaryWriter(part.kind === 'index' ? part.bytes.length + 1 : 1024);
  switch (part.kind) {
    case 'header':
      w.u8(KIND_HEADER).bytes(utf8Encode(JSON.stringify(part.header)));
      break;
    case 'records':
      w.u8(KIND_RECORDS).u32(part.records.length);
      for (const r of part.records) {
        const id = utf8Encode(r.id);
        w.u16(id.length).bytes(id).u32(r.value.length).bytes(r.value);
      }
      break;
    case 'index':
      w.u8(KIND_INDEX).bytes(part.bytes);
      break;
    case 'end':
      w.u8(KIND_END).u32(part.end.recordCount).u64(part.end.indexBytes).u32(part.end.indexCrc32c);
      break;
  }
  const data = w.finish();
  return { seq, data, crc32c: chunkCrc(seq, data) };
}

function corrupt(seq: number, why: string): VectorStoreError {
  return new VectorStoreError('SNAPSHOT_CORRUPT', `snapshot chunk ${seq} ${why}`, `chunk[${seq}]`);
}

/** Verifies chunk `expectedSeq` and decodes its part. Throws `SNAPSHOT_CORRUPT` naming the chunk. */
export function decodeChunk(chunk: SnapshotChunk, expectedSeq: number): SnapshotPart {
  if (chunk.seq !== expectedSeq) throw corrupt(expectedSeq, `is missing or out of order (got chunk ${chunk.seq})`);
  if (chunkCrc(chunk.seq, chunk.data) !== chunk.crc32c) throw corrupt(chunk.seq, 'fails its CRC32C check');
  try {
    const r = new BinaryReader(chunk.data);
    const kind = r.u8('kind');
    switch (kind) {
      case KIND_HEADER: {
        const header = JSON.parse(utf8Decode(r.bytes(r.remaining, 'header'))) as SnapshotHeader;
        if (header.format !== SNAPSHOT_FORMAT) throw new BinaryFormatError(`unknown snapshot format ${header.format}`);
        return { kind: 'header', header };
      }
      case KIND_RECORDS: {
        const n = r.u32('count');
        const records: SnapshotRecord[] = [];
        for (let i = 0; i < n; i++) {
          const id = utf8Decode(r.bytes(r.u16('id length'), 'id'));
          const value = r.bytes(r.u32('value length'), 'value').slice();
          records.push({ id, value });
        }
        r.expectEnd('records chunk');
        return { kind: 'records', records };
      }
      case KIND_INDEX:
        return { kind: 'index', bytes: r.bytes(r.remaining, 'index') };
      case KIND_END: {
        const end = { recordCount: r.u32('recordCount'), indexBytes: r.u64('indexBytes'), indexCrc32c: r.u32('indexCrc32c') };
        r.expectEnd('end chunk');
        return { kind: 'end', end };
      }
      default:
        throw new BinaryFormatError(`unknown chunk kind ${kind}`);
    }
  } catch (e) {
    throw corrupt(chunk.seq, `does not decode: ${(e as Error).message}`);
  }
}

export function snapshotHeader(appliedIndex: number, dimension: number, metric: Metric, frozen = false, retired = false): SnapshotHeader {
  return { format: SNAPSHOT_FORMAT, appliedIndex, dimension, metric, ...(frozen ? { frozen: true } : {}), ...(retired ? { retired: true } : {}) };
}

/** Serializes a chunk for a byte transport: `u32 seq · u32 crc32c · data`. */
export function serializeChunk(chunk: SnapshotChunk): Uint8Array {
  return new BinaryWriter(8 + chunk.data.length).u32(chunk.seq).u32(chunk.crc32c).bytes(chunk.data).finish();
}

/** Inverse of {@link serializeChunk}; integrity is checked later by {@link decodeChunk}. */
export function deserializeChunk(bytes: Uint8Array): SnapshotChunk {
  if (bytes.length < 8) throw new VectorStoreError('SNAPSHOT_CORRUPT', `snapshot chunk frame of ${bytes.length} bytes is too short`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { seq: dv.getUint32(0, true), crc32c: dv.getUint32(4, true), data: bytes.subarray(8) };
}

/**
 * Reads a chunk stream as parts, enforcing sequence, checksums, part order and the end totals.
 * Throws `SNAPSHOT_CORRUPT` or, when the stream stops before its end chunk, `SNAPSHOT_INCOMPLETE`.
 */
export async function* readSnapshotParts(chunks: AsyncIterable<SnapshotChunk> | Iterable<SnapshotChunk>): AsyncGenerator<SnapshotPart> {
  let seq = 0;
  let stage: 'header' | 'records' | 'index' | 'done' = 'header';
  let recordCount = 0;
  let indexBytes = 0;
  let indexCrc = 0;
  for await (const chunk of chunks) {
    if (stage === 'done') throw corrupt(chunk.seq, 'follows the end chunk');
    const part = decodeChunk(chunk, seq);
    const at = seq;
    seq++;
    if (part.kind === 'header') {
      if (stage !== 'header') throw corrupt(at, 'is a second header');
      stage = 'records';
    } else if (stage === 'header') {
      throw corrupt(at, 'should be the header');
    } else if (part.kind === 'records') {
      if (stage !== 'records') throw corrupt(at, 'carries records after index data');
      recordCount += part.records.length;
    } else if (part.kind === 'index') {
      stage = 'index';
      indexBytes += part.bytes.length;
      indexCrc = crc32c(part.bytes, indexCrc);
    } else {
      const e = part.end;
      if (e.recordCount !== recordCount || e.indexBytes !== indexBytes || e.indexCrc32c !== indexCrc) {
        throw corrupt(at, `totals disagree with the stream (records ${recordCount}/${e.recordCount}, index bytes ${indexBytes}/${e.indexBytes}, index crc32c ${indexCrc}/${e.indexCrc32c})`);
      }
      stage = 'done';
    }
    yield part;
  }
  if (stage !== 'done') {
    throw new VectorStoreError('SNAPSHOT_INCOMPLETE', `snapshot stream ended after ${seq} chunks without its end chunk`);
  }
}
