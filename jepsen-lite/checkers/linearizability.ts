/**
 * A linearizability checker after Wing & Gong, with Lowe's just-in-time linearization and
 * memoization, as Porcupine implements it (Athalye, "Porcupine: a fast linearizability
 * checker"; Lowe, "Testing for linearizability", 2017).
 *
 * The history of one partition (one key) becomes a list of call and return entries ordered by
 * time. The search walks it: at a call, it tries to linearize that operation now (the model must
 * accept its input and output in the current state); at a return whose operation is not
 * linearized yet, it backtracks. A configuration — the set of linearized operations (a bitset)
 * plus the model's state — that was already explored is never explored again: that cache is
 * what makes 10,000-operation histories take milliseconds instead of forever.
 *
 * Operations of unknown outcome (`info`) return at +∞: they may be linearized at any point after
 * their call, including after everything else, which is the same as never taking effect.
 */

/** A sequential specification. `step` returns the next state, or undefined when the operation cannot happen in `state`. */
export interface Model<S, I, O> {
  init(): S;
  step(state: S, input: I, output: O): S | undefined;
  /** A string that is equal for equal states (the memo key). */
  stateKey(state: S): string;
  describe?(input: I, output: O): string;
}

export interface LinOperation<I, O> {
  /** Caller's id (e.g. the history index of the invocation), reported back in diagnostics. */
  readonly id: number;
  readonly process: number;
  /** Invocation time. */
  readonly call: number;
  /** Completion time; `Infinity` for an operation of unknown outcome. */
  readonly ret: number;
  readonly input: I;
  readonly output: O;
}

export interface LinearizabilityResult<I, O> {
  /** `unknown`: the search hit `maxSteps` first. */
  readonly valid: boolean | 'unknown';
  readonly steps: number;
  /** When not valid: the longest linearization found (its last operations, oldest first) ... */
  readonly deepestPrefix?: readonly LinOperation<I, O>[];
  /** ... the state after it ... */
  readonly stateAfterPrefix?: string;
  /** ... and the operations that were pending there, none of which the model could accept. */
  readonly stuckAt?: readonly LinOperation<I, O>[];
}

interface Entry {
  /** Index of the operation in `ops`. */
  readonly op: number;
  readonly isCall: boolean;
  readonly time: number;
  /** The call entry's matching return (calls only). */
  match: Entry | undefined;
  prev: Entry | undefined;
  next: Entry | undefined;
}

/** A bitset with a Zobrist hash maintained as bits flip. */
class LinearizedSet {
  readonly words: Uint32Array;
  h1 = 0;
  h2 = 0;

  constructor(n: number, private readonly z1: Uint32Array, private readonly z2: Uint32Array) {
    this.words = new Uint32Array(Math.ceil(n / 32) || 1);
  }

  flip(i: number): void {
    this.words[i >>> 5]! ^= 1 << (i & 31);
    this.h1 = (this.h1 ^ this.z1[i]!) >>> 0;
    this.h2 = (this.h2 ^ this.z2[i]!) >>> 0;
  }
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Deterministic per-operation hash keys (xorshift), so a check is reproducible. */
function zobristKeys(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x;
  }
  return out;
}

/** Default bound on search steps for one partition. */
export const DEFAULT_MAX_STEPS = 20_000_000;

/** Checks one partition of a history (operations on one key) against `model`. */
export function checkLinearizable<S, I, O>(
  model: Model<S, I, O>, ops: readonly LinOperation<I, O>[], options: { readonly maxSteps?: number } = {},
): LinearizabilityResult<I, O> {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const n = ops.length;
  // Entries sorted by time; at equal times calls come first (the operations overlap: the lenient reading).
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const op = ops[i]!;
    if (!(op.ret >= op.call)) throw new Error(`operation ${op.id}: returns (${op.ret}) before its call (${op.call})`);
    const call: Entry = { op: i, isCall: true, time: op.call, match: undefined, prev: undefined, next: undefined };
    const ret: Entry = { op: i, isCall: false, time: op.ret, match: undefined, prev: undefined, next: undefined };
    call.match = ret;
    entries.push(call, ret);
  }
  entries.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.op - b.op : a.isCall ? -1 : 1));
  const head: Entry = { op: -1, isCall: false, time: -Infinity, match: undefined, prev: undefined, next: undefined };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }

  const lift = (call: Entry): void => {
    call.prev!.next = call.next;
    if (call.next !== undefined) call.next.prev = call.prev;
    const ret = call.match!;
    ret.prev!.next = ret.next;
    if (ret.next !== undefined) ret.next.prev = ret.prev;
  };
  const unlift = (call: Entry): void => {
    const ret = call.match!;
    ret.prev!.next = ret;
    if (ret.next !== undefined) ret.next.prev = ret;
    call.prev!.next = call;
    if (call.next !== undefined) call.next.prev = call;
  };

  const linearized = new LinearizedSet(n, zobristKeys(n, 0x2545f491), zobristKeys(n, 0x9e3779b9));
  const cache = new Map<string, Uint32Array[]>();
  const seen = (stateKey: string): boolean => {
    const k = `${linearized.h1}:${linearized.h2}:${stateKey}`;
    const bucket = cache.get(k);
    if (bucket !== undefined && bucket.some((w) => sameWords(w, linearized.words))) return true;
    if (bucket === undefined) cache.set(k, [linearized.words.slice()]);
    else bucket.push(linearized.words.slice());
    return false;
  };

  const calls: { entry: Entry; state: S }[] = [];
  let state = model.init();
  let entry = head.next;
  let steps = 0;
  let deepest = -1;
  let deepestPrefix: number[] = [];
  let deepestState = '';
  let stuckAt: number[] = [];

  while (head.next !== undefined) {
    if (++steps > maxSteps) return { valid: 'unknown', steps };
    if (entry === undefined) throw new Error('checkLinearizable: walked off the list (a bug in the checker)');
    if (entry.isCall) {
      const op = ops[entry.op]!;
      const next = model.step(state, op.input, op.output);
      let advanced = false;
      if (next !== undefined) {
        linearized.flip(entry.op);
        if (!seen(model.stateKey(next))) {
          calls.push({ entry, state });
          state = next;
          lift(entry);
          entry = head.next;
          advanced = true;
        } else {
          linearized.flip(entry.op);
        }
      }
      if (!advanced) entry = entry.next;
    } else {
      // A return before its call was linearized: nothing pending fits here. Backtrack.
      if (calls.length > deepest) {
        deepest = calls.length;
        deepestPrefix = calls.slice(-8).map((c) => c.entry.op);
        deepestState = model.stateKey(state);
        const pending: number[] = [];
        for (let e: Entry | undefined = head.next; e !== undefined && e !== entry && pending.length < 12; e = e.next) if (e.isCall) pending.push(e.op);
        // The pending calls up to this return, plus the operation that returned.
        stuckAt = pending.includes(entry.op) ? pending : [...pending, entry.op];
      }
      const top = calls.pop();
      if (top === undefined) {
        return {
          valid: false, steps,
          deepestPrefix: deepestPrefix.map((i) => ops[i]!),
          stateAfterPrefix: deepestState,
          stuckAt: stuckAt.map((i) => ops[i]!),
        };
      }
      entry = top.entry;
      state = top.state;
      linearized.flip(entry.op);
      unlift(entry);
      entry = entry.next;
    }
  }
  return { valid: true, steps };
}
