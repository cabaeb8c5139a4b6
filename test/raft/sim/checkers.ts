import type { NodeId } from '../../../src/raft/types.js';
import { shortHash } from './chain-hash.js';

/**
 * The safety properties of Raft (figure 3 of the paper) and of our read and durability promises,
 * checked incrementally as the simulation runs: each check costs O(1) map lookups per entry or
 * event, never a scan of whole logs, so they can run after every step of every schedule.
 *
 * The comparisons rest on chained hashes (see chain-hash.ts): equal hashes at an index mean equal
 * logs up to it, so "does the new leader hold every committed entry" is one lookup at the highest
 * committed index.
 */

export type ViolationKind =
  /** Two leaders in one term (§5.2). */
  | 'election-safety'
  /** A leader overwrote or deleted entries of its own log in its term (§5.3). */
  | 'leader-append-only'
  /** Two logs hold different entries under the same (index, term), or a log cannot be chained. */
  | 'log-matching'
  /** A new leader lacks an entry known to be committed (§5.4). */
  | 'leader-completeness'
  /** Two nodes applied different entries at one index (§5.4.3). */
  | 'state-machine-safety'
  /** An index known committed later shows a different entry, or an acknowledged write vanished. */
  | 'committed-entry-lost'
  /** A ReadIndex answer below an index committed before the read was requested. */
  | 'stale-read'
  /** After healing: no single leader in time, or the members did not converge. */
  | 'liveness'
  /** The core threw, or broke its contract with the host. */
  | 'core-error';

export interface Violation {
  readonly kind: ViolationKind;
  readonly step: number;
  readonly message: string;
}

/** Thrown to unwind the simulation at the first violation; carries it. */
export class ViolationError extends Error {
  constructor(readonly violation: Violation) {
    super(`${violation.kind} at t=${violation.step}: ${violation.message}`);
    this.name = 'ViolationError';
  }
}

/** A node's log as a checker sees it: chained hashes from a known base to its last index. */
export interface LogView {
  readonly baseIndex: number;
  readonly lastIndex: number;
  hashAt(index: number): number | undefined;
}

/** Terms stay far below this; (index, term) packs into one safe integer key. */
const TERM_LIMIT = 1 << 20;

export class Checker {
  private readonly leaderByTerm = new Map<number, NodeId>();
  /** (index, term) → chained hash, over every entry any node ever had in its log. */
  private readonly hashByIndexTerm = new Map<number, number>();
  /** index → chained hash, for indexes some node reported committed. */
  private readonly committedHash = new Map<number, number>();
  private maxCommitIndex = 0;
  private maxCommitHash = 0;
  /** index → chained hash of the entry applied there (by whichever node applied it first). */
  private readonly appliedHash = new Map<number, number>();
  private readonly appliedBy = new Map<number, NodeId>();
  /** read id → the highest committed index when the read was requested. */
  private readonly readFloor = new Map<number, number>();
  private answeredReads = 0;

  constructor(private readonly now: () => number) {}

  get readsAnswered(): number {
    return this.answeredReads;
  }

  get leadersElected(): number {
    return this.leaderByTerm.size;
  }

  get highestCommitted(): number {
    return this.maxCommitIndex;
  }

  fail(kind: ViolationKind, message: string): never {
    throw new ViolationError({ kind, step: this.now(), message });
  }

  /** A node reports itself leader of `term` (its softState turned Leader). */
  leaderElected(id: NodeId, term: number, log: LogView): void {
    const other = this.leaderByTerm.get(term);
    if (other !== undefined && other !== id) this.fail('election-safety', `n${other} and n${id} are both leader of term ${term}`);
    this.leaderByTerm.set(term, id);
    // Leader completeness: the chain at the highest committed index must be in the new log.
    const c = this.maxCommitIndex;
    if (c <= log.baseIndex) return; // covered by the leader's snapshot (checked when it was applied)
    const h = log.hashAt(c);
    if (h === undefined) {
      this.fail('leader-completeness', `n${id} became leader of term ${term} with a log ending at ${log.lastIndex}, below the committed index ${c}`);
    }
    if (h !== this.maxCommitHash) {
      this.fail('leader-completeness',
        `n${id} became leader of term ${term} with entry ${c} = ${shortHash(h)}, but ${shortHash(this.maxCommitHash)} was committed there`);
    }
  }

  /** A node's log now holds `index` in `term` with chained hash `hash`. */
  entryLogged(id: NodeId, index: number, term: number, hash: number): void {
    if (term >= TERM_LIMIT) this.fail('core-error', `term ${term} exceeds the simulator's limit`);
    const key = index * TERM_LIMIT + term;
    const known = this.hashByIndexTerm.get(key);
    if (known === undefined) this.hashByIndexTerm.set(key, hash);
    else if (known !== hash) {
      this.fail('log-matching', `n${id} holds entry ${index}@${term} with chain ${shortHash(hash)}, another log has ${shortHash(known)}`);
    }
  }

  /** A node's commit index reached `index`, where its log's chained hash is `hash`. */
  committed(id: NodeId, index: number, hash: number): void {
    const known = this.committedHash.get(index);
    if (known === undefined) this.committedHash.set(index, hash);
    else if (known !== hash) {
      this.fail('committed-entry-lost', `n${id} committed ${shortHash(hash)} at ${index} where ${shortHash(known)} had been committed`);
    }
    if (index > this.maxCommitIndex) {
      this.maxCommitIndex = index;
      this.maxCommitHash = hash;
    }
  }

  /** A node applied the entry at `index` to its state machine; `hash` is its chain there. */
  applied(id: NodeId, index: number, hash: number): void {
    const known = this.appliedHash.get(index);
    if (known === undefined) {
      this.appliedHash.set(index, hash);
      this.appliedBy.set(index, id);
    } else if (known !== hash) {
      this.fail('state-machine-safety',
        `n${id} applied ${shortHash(hash)} at ${index}, n${this.appliedBy.get(index) ?? '?'} applied ${shortHash(known)}`);
    }
  }

  appliedHashAt(index: number): number | undefined {
    return this.appliedHash.get(index);
  }

  /** A client asks for a linearizable read: it must see everything committed so far. */
  readRequested(readId: number): void {
    this.readFloor.set(readId, this.maxCommitIndex);
  }

  readAnswered(id: NodeId, readId: number, index: number): void {
    const floor = this.readFloor.get(readId);
    if (floor === undefined) this.fail('core-error', `n${id} answered read ${readId}, which nobody requested`);
    this.answeredReads++;
    if (index < floor) {
      this.fail('stale-read', `n${id} answered read ${readId} at index ${index}, but ${floor} was committed before the read was requested`);
    }
  }
}
