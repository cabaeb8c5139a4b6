/**
 * The `range` strategy: ordered id ranges. Range i serves the ids from its start (inclusive) up
 * to range i+1's start (exclusive), ordered by UTF-8 bytes, the order LevelDB keeps keys in; the
 * first range starts at "" and the last one is unbounded, so every id has exactly one range.
 * Good for range scans (neighbouring ids share a group) and for splitting a hot or large range at
 * a chosen key; ids are not spread by hash, so the split keys decide the balance.
 */
import { keyProblem, parseIdRangesDescription } from './sharding-description.js';
import { ShardingError } from './sharding-error.js';
import { MAX_RANGE_ID, MAX_RANGES, type IdRange, type IdRangesDescription, type RangeId, type ShardingStrategy } from './sharding-strategy.js';
import { compareBytes, utf8Of, Utf8Scratch } from './utf8-keys.js';

/**
 * The description of a new `range` collection: one range per interval between `splitKeys`
 * (which must increase in UTF-8 byte order), ids 0..splitKeys.length, epoch 1. No split keys:
 * one range serving every id.
 */
export function idRangesDescription(splitKeys: readonly string[] = []): IdRangesDescription {
  const ranges = ['', ...splitKeys].map((start, id) => ({ id, epoch: 1, start }));
  return parseIdRangesDescription({ kind: 'range', nextRangeId: ranges.length, ranges });
}

export class IdRanges implements ShardingStrategy {
  readonly kind = 'range' as const;
  private readonly desc: IdRangesDescription;
  private readonly list: readonly IdRange[];
  private readonly byId: ReadonlyMap<RangeId, { readonly index: number; readonly range: IdRange }>;
  /** The UTF-8 form of every range's start, in order, for the binary search. */
  private readonly starts: readonly Uint8Array[];
  private readonly scratch = new Utf8Scratch();

  private constructor(desc: IdRangesDescription) {
    this.desc = desc;
    const entries = desc.ranges;
    this.list = Object.freeze(entries.map((r, i) => Object.freeze({
      kind: 'range' as const, id: r.id, epoch: r.epoch, start: r.start, end: entries[i + 1]?.start ?? null,
    })));
    this.byId = new Map(this.list.map((range, index) => [range.id, { index, range }]));
    this.starts = entries.map((r) => utf8Of(r.start));
  }

  /** Builds the strategy from a description, validating it first (untrusted JSON is fine). */
  static fromDescription(value: unknown): IdRanges {
    return new IdRanges(parseIdRangesDescription(value));
  }

  /** A new `range` collection cut at `splitKeys`. */
  static create(splitKeys: readonly string[] = []): IdRanges {
    return new IdRanges(idRangesDescription(splitKeys));
  }

  rangeOf(id: string): RangeId {
    const length = this.scratch.encode(id);
    // The last range whose start is at or below id; the first starts at "", below every id.
    let low = 0, high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareBytes(this.scratch.bytes, length, this.starts[mid] as Uint8Array) >= 0) low = mid + 1;
      else high = mid;
    }
    return (this.list[low - 1] as IdRange).id;
  }

  ranges(): readonly IdRange[] {
    return this.list;
  }

  range(id: RangeId): IdRange | undefined {
    return this.byId.get(id)?.range;
  }

  description(): IdRangesDescription {
    return this.desc;
  }

  /**
   * The description with range `rangeId` cut in two at `atKey`: ids below `atKey` stay in
   * `rangeId`, ids at or above it (up to the old end) go to a new range with id `nextRangeId`.
   * Both get the parent's epoch + 1; no other range changes.
   *
   * Refuses (`INVALID_SPLIT_KEY`, field `atKey`) a key at or below the range's start or at or
   * above its end, so both halves are non-empty spans, and a key that is empty, not well-formed
   * or longer than an id; `RANGE_NOT_FOUND` (field `rangeId`) for an unknown range;
   * `TOO_MANY_RANGES` past {@link MAX_RANGES}.
   */
  split(rangeId: RangeId, atKey: string): IdRangesDescription {
    const found = this.byId.get(rangeId);
    if (found === undefined) throw new ShardingError('RANGE_NOT_FOUND', `rangeId ${rangeId} is not a range of this collection`, 'rangeId');
    const { index, range } = found;
    if (typeof atKey !== 'string') throw new ShardingError('INVALID_SPLIT_KEY', 'atKey must be a string', 'atKey');
    const problem = keyProblem(atKey);
    if (problem !== undefined) throw new ShardingError('INVALID_SPLIT_KEY', `atKey ${problem}`, 'atKey');
    const key = utf8Of(atKey);
    if (compareBytes(key, key.length, this.starts[index] as Uint8Array) <= 0) {
      throw new ShardingError('INVALID_SPLIT_KEY', `atKey ${quote(atKey)} is not above the start ${quote(range.start)} of range ${rangeId}: both halves must be non-empty`, 'atKey');
    }
    const end = this.starts[index + 1];
    if (end !== undefined && compareBytes(key, key.length, end) >= 0) {
      throw new ShardingError('INVALID_SPLIT_KEY', `atKey ${quote(atKey)} is not below the end ${quote(range.end ?? '')} of range ${rangeId}`, 'atKey');
    }
    const { ranges, nextRangeId } = this.desc;
    if (ranges.length + 1 > MAX_RANGES || nextRangeId > MAX_RANGE_ID) {
      throw new ShardingError('TOO_MANY_RANGES', `a collection has at most ${MAX_RANGES} ranges and range ids up to ${MAX_RANGE_ID}`);
    }
    const epoch = range.epoch + 1;
    const next = ranges.flatMap((r, i) => (i === index
      ? [{ id: r.id, epoch, start: r.start }, { id: nextRangeId, epoch, start: atKey }]
      : [r]));
    return parseIdRangesDescription({ kind: 'range', nextRangeId: nextRangeId + 1, ranges: next });
  }
}

/** Keys in messages are quoted as JSON and bounded, so a hostile key cannot flood a log line. */
function quote(key: string): string {
  const q = JSON.stringify(key);
  return q.length <= 66 ? q : `${q.slice(0, 63)}..."`;
}
