import { BOOTSTRAP_INDEX, BOOTSTRAP_TERM } from '../../../src/raft/storage.js';
import { EntryType, type Entry } from '../../../src/raft/types.js';
import { EMPTY_CHAIN_HASH, chainHash } from './chain-hash.js';

/**
 * The simulated application: it keeps the chained hash of every entry it applied and counts the
 * client commands among them. That is all the checkers need (state machine safety compares the
 * hash at each applied index across nodes), and it makes a snapshot a few bytes: the snapshot
 * carries the chained hash at its index, so a node restored from it continues the chain.
 */
export interface StateMachineState {
  readonly appliedIndex: number;
  /** Chained hash of the log up to and including appliedIndex. */
  readonly chainHash: number;
  /** Client commands applied (normal entries with a payload). */
  readonly commandCount: number;
}

export const INITIAL_STATE_MACHINE: StateMachineState = Object.freeze({
  appliedIndex: 0, chainHash: EMPTY_CHAIN_HASH, commandCount: 0,
});

/**
 * The founding members' state: MemoryStorage.bootstrap records the initial membership as a
 * snapshot of the (empty) bootstrap entry at BOOTSTRAP_INDEX; our snapshot data says the same.
 */
export const BOOTSTRAP_STATE_MACHINE: StateMachineState = Object.freeze({
  appliedIndex: BOOTSTRAP_INDEX,
  chainHash: chainHash(EMPTY_CHAIN_HASH, BOOTSTRAP_TERM, EntryType.Normal, new Uint8Array()),
  commandCount: 0,
});

export function applyEntry(s: StateMachineState, e: Entry): StateMachineState {
  return {
    appliedIndex: e.index,
    chainHash: chainHash(s.chainHash, e.term, e.type, e.data),
    commandCount: s.commandCount + (e.type === EntryType.Normal && e.data.length > 0 ? 1 : 0),
  };
}

// Snapshot layout: magic u32 | appliedIndex f64 | chainHash f64 | commandCount f64 | checksum u32.
const SNAPSHOT_MAGIC = 0x5653_4e50; // "VSNP"
const SNAPSHOT_BYTES = 4 + 8 + 8 + 8 + 4;

export function encodeSnapshot(s: StateMachineState): Uint8Array {
  const out = new Uint8Array(SNAPSHOT_BYTES);
  const v = new DataView(out.buffer);
  v.setUint32(0, SNAPSHOT_MAGIC);
  v.setFloat64(4, s.appliedIndex);
  v.setFloat64(12, s.chainHash);
  v.setFloat64(20, s.commandCount);
  v.setUint32(28, checksum(out.subarray(0, 28)));
  return out;
}

/**
 * Decodes a snapshot written by encodeSnapshot. The empty snapshot of a freshly bootstrapped
 * storage stands for the initial state. Anything else that does not verify is a bug of the
 * transport or the core (a snapshot is opaque to them): the caller reports it.
 */
export function decodeSnapshot(data: Uint8Array): StateMachineState | Error {
  if (data.length === 0) return INITIAL_STATE_MACHINE;
  if (data.length !== SNAPSHOT_BYTES) return new Error(`snapshot has ${data.length} bytes, expected ${SNAPSHOT_BYTES}`);
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (v.getUint32(0) !== SNAPSHOT_MAGIC) return new Error('snapshot magic mismatch');
  if (v.getUint32(28) !== checksum(data.subarray(0, 28))) return new Error('snapshot checksum mismatch');
  return { appliedIndex: v.getFloat64(4), chainHash: v.getFloat64(12), commandCount: v.getFloat64(20) };
}

function checksum(bytes: Uint8Array): number {
  let h = 0x811c_9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x0100_0193);
  return h >>> 0;
}

// Client command layout: proposalId u32 | proposalId × golden ratio u32 (a cheap self-check).
const COMMAND_BYTES = 8;
const COMMAND_CHECK = 0x9e37_79b9;

export function encodeCommand(proposalId: number): Uint8Array {
  const out = new Uint8Array(COMMAND_BYTES);
  const v = new DataView(out.buffer);
  v.setUint32(0, proposalId);
  v.setUint32(4, Math.imul(proposalId, COMMAND_CHECK) >>> 0);
  return out;
}

/** The proposal id of a client command, or null for anything else (no-ops, conf changes, garbage). */
export function decodeCommand(e: Entry): number | null {
  if (e.type !== EntryType.Normal || e.data.length !== COMMAND_BYTES) return null;
  const v = new DataView(e.data.buffer, e.data.byteOffset, e.data.byteLength);
  const id = v.getUint32(0);
  return v.getUint32(4) === (Math.imul(id, COMMAND_CHECK) >>> 0) ? id : null;
}
