/**
 * Key layout of one group's state machine inside its LevelDB sublevel (the node shares one
 * LevelDB among all groups; the host hands each group its own prefix):
 *
 * ```
 * m/schema                      JSON of the collection schema (checked on every open)
 * m/state                       u8 format · u32 generation · u64 appliedIndex · u32 crc32c
 * d/<gen:8 hex>/r/<id>          a record (record-codec.ts)
 * d/<gen:8 hex>/c/<index:16 hex> change log: labels an entry touched since the last checkpoint
 * ```
 *
 * Records live under a *generation*. A snapshot restore writes a new generation beside the
 * current one and then flips `m/state` in one batch, so a crash leaves the old state or the new
 * one, never a mix; the loser is cleared on the next open. `m/state` carries the applied index
 * and is written in the same batch as the data it covers.
 */
import { crc32c } from '@node-rs/crc32';
import { BinaryReader, BinaryWriter, seal, unseal } from './binary.js';
import { VectorStoreError } from './errors.js';

export const SCHEMA_KEY = 'm/schema';
export const STATE_KEY = 'm/state';

/** Format 2 added the flags byte (bit 0: frozen); format 1 still decodes, unfrozen. */
const STATE_FORMAT = 2;
const FLAG_FROZEN = 1;
const FLAG_RETIRED = 2;

/** The one durable pointer: which generation is current and what it reflects. */
export interface AppliedState {
  readonly generation: number;
  readonly appliedIndex: number;
  /** Writes are refused (a reshard copies this shard); see command-codec.ts `freeze`. */
  readonly frozen?: boolean;
  /** Reads are refused too (see command-codec.ts `retire`); implies frozen. */
  readonly retired?: boolean;
}

export const INITIAL_STATE: AppliedState = { generation: 1, appliedIndex: 0 };

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function generationPrefix(generation: number): string {
  return `d/${hex(generation, 8)}/`;
}

/** [gte, lt) bounds of every key with the given prefix ('0' sorts right after '/'). */
function prefixRange(prefix: string): { gte: string; lt: string } {
  return { gte: prefix, lt: prefix.slice(0, -1) + '0' };
}

export function generationRange(generation: number): { gte: string; lt: string } {
  return prefixRange(generationPrefix(generation));
}

export function recordPrefix(generation: number): string {
  return `${generationPrefix(generation)}r/`;
}

export function recordKey(generation: number, id: string): string {
  return recordPrefix(generation) + id;
}

export function recordRange(generation: number): { gte: string; lt: string } {
  return prefixRange(recordPrefix(generation));
}

function changePrefix(generation: number): string {
  return `${generationPrefix(generation)}c/`;
}

export function changeKey(generation: number, index: number): string {
  return changePrefix(generation) + hex(index, 16);
}

export function changeRange(generation: number): { gte: string; lt: string } {
  return prefixRange(changePrefix(generation));
}

export function indexOfChangeKey(key: string): number {
  return parseInt(key.slice(key.length - 16), 16);
}

export function encodeState(s: AppliedState): Uint8Array {
  return seal(new BinaryWriter(14).u8(STATE_FORMAT).u32(s.generation).u64(s.appliedIndex).u8((s.frozen === true ? FLAG_FROZEN : 0) | (s.retired === true ? FLAG_RETIRED : 0)).finish(), crc32c);
}

export function decodeState(bytes: Uint8Array): AppliedState {
  try {
    const r = new BinaryReader(unseal(bytes, crc32c));
    const format = r.u8('format');
    if (format !== STATE_FORMAT && format !== 1) throw new Error(`unknown format ${format}`);
    const generation = r.u32('generation');
    const appliedIndex = r.u64('appliedIndex');
    const flags = format === 1 ? 0 : r.u8('flags');
    r.expectEnd('state');
    return {
      generation, appliedIndex, ...((flags & FLAG_FROZEN) !== 0 ? { frozen: true } : {}), ...((flags & FLAG_RETIRED) !== 0 ? { retired: true } : {}),
    };
  } catch (e) {
    throw new VectorStoreError('STORAGE_CORRUPT', `${STATE_KEY} does not decode: ${(e as Error).message}`);
  }
}

/** One label an entry touched, and whether a live record held it before that entry. */
export interface LabelChange {
  readonly label: number;
  readonly wasLive: boolean;
}

export function encodeChanges(changes: readonly LabelChange[]): Uint8Array {
  const w = new BinaryWriter(4 + changes.length * 5).u32(changes.length);
  for (const c of changes) w.u32(c.label).u8(c.wasLive ? 1 : 0);
  return seal(w.finish(), crc32c);
}

export function decodeChanges(key: string, bytes: Uint8Array): LabelChange[] {
  try {
    const r = new BinaryReader(unseal(bytes, crc32c));
    const n = r.u32('count');
    const out: LabelChange[] = [];
    for (let i = 0; i < n; i++) out.push({ label: r.u32('label'), wasLive: r.u8('wasLive') === 1 });
    r.expectEnd('change entry');
    return out;
  } catch (e) {
    throw new VectorStoreError('STORAGE_CORRUPT', `change log ${key} does not decode: ${(e as Error).message}`);
  }
}
