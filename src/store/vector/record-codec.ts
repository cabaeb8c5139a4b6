/**
 * The stored form of one record (the LevelDB value under its id key):
 * `u8 format 1 · u64 version · u32 label · u32 dimension · dimension × f32 · payload JSON · u32 crc32c`.
 * The HNSW label is stored with the record so that the id ↔ label mapping is durable and
 * travels inside snapshots together with the HNSW checkpoint it refers to.
 */
import { crc32c } from '@node-rs/crc32';
import { BinaryReader, BinaryWriter, seal, unseal, utf8Decode, utf8Encode } from './binary.js';
import { VectorStoreError } from './errors.js';
import type { JsonObject } from './schema.js';

const FORMAT = 1;

export interface StoredRecord {
  readonly version: number;
  readonly label: number;
  readonly vector: Float32Array;
  readonly payload: JsonObject;
}

export function encodeStoredRecord(r: StoredRecord): Uint8Array {
  const payload = utf8Encode(JSON.stringify(r.payload));
  const w = new BinaryWriter(21 + r.vector.length * 4 + payload.length);
  w.u8(FORMAT).u64(r.version).u32(r.label).u32(r.vector.length).f32s(r.vector).bytes(payload);
  return seal(w.finish(), crc32c);
}

/** Decodes a stored record; `STORAGE_CORRUPT` names the id when the bytes are damaged. */
export function decodeStoredRecord(id: string, bytes: Uint8Array): StoredRecord {
  try {
    const r = new BinaryReader(unseal(bytes, crc32c));
    const format = r.u8('format');
    if (format !== FORMAT) throw new Error(`unknown record format ${format}`);
    const version = r.u64('version');
    const label = r.u32('label');
    const vector = r.f32s(r.u32('dimension'), 'vector');
    const payload = JSON.parse(utf8Decode(r.bytes(r.remaining, 'payload'))) as JsonObject;
    return { version, label, vector, payload };
  } catch (e) {
    throw new VectorStoreError('STORAGE_CORRUPT', `record "${id}" does not decode: ${(e as Error).message}`);
  }
}
