/**
 * The history of a run in Jepsen's shape: one event per line of `history.jsonl`. A client
 * operation is an `invoke` followed by exactly one completion: `ok` (it happened), `fail` (it
 * definitely did not happen; `error` says why) or `info` (unknown: it may have happened, at any
 * time after its invocation). Nemesis events have `process: "nemesis"`.
 */
export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryEvent {
  readonly index: number;
  /** Nanoseconds since the run started. */
  readonly time: number;
  readonly process: number | 'nemesis';
  readonly type: EventType;
  readonly f: string;
  readonly key?: string;
  readonly value: unknown;
  /** fail/info: the error code and message. */
  readonly error?: string;
  /** ok/fail/info of a client operation: the node that the client reached, when known. */
  readonly node?: string;
}

/** An invocation paired with its completion. */
export interface Operation {
  readonly process: number;
  readonly f: string;
  readonly key: string | undefined;
  readonly invoke: HistoryEvent;
  /** Undefined when the run ended without a completion (treated as `info`). */
  readonly complete: HistoryEvent | undefined;
}

/** Records events with monotonic timestamps; `index` is the position in the history. */
export class HistoryRecorder {
  readonly events: HistoryEvent[] = [];
  private readonly startNs: bigint;

  constructor(startNs: bigint = process.hrtime.bigint()) {
    this.startNs = startNs;
  }

  /** Nanoseconds since the start of the run. */
  now(): number {
    return Number(process.hrtime.bigint() - this.startNs);
  }

  add(e: Omit<HistoryEvent, 'index' | 'time'>): HistoryEvent {
    const event: HistoryEvent = { index: this.events.length, time: this.now(), ...e };
    this.events.push(event);
    return event;
  }
}

/**
 * Pairs invocations with completions per process (a process has at most one operation open at
 * a time; Jepsen's rule). Throws if the history breaks that rule.
 */
export function pairOperations(events: readonly HistoryEvent[]): Operation[] {
  const open = new Map<number, HistoryEvent>();
  const ops: Operation[] = [];
  const byInvoke = new Map<HistoryEvent, number>();
  for (const e of events) {
    if (e.process === 'nemesis') continue;
    if (e.type === 'invoke') {
      if (open.has(e.process)) throw new Error(`history: process ${e.process} invokes at index ${e.index} with an operation still open`);
      open.set(e.process, e);
      byInvoke.set(e, ops.length);
      ops.push({ process: e.process, f: e.f, key: e.key, invoke: e, complete: undefined });
    } else {
      const inv = open.get(e.process);
      if (inv === undefined) throw new Error(`history: process ${e.process} completes at index ${e.index} with nothing open`);
      open.delete(e.process);
      const i = byInvoke.get(inv)!;
      ops[i] = { ...ops[i]!, complete: e };
    }
  }
  return ops;
}

/** The outcome of an operation: its completion type, `info` when it never completed. */
export function outcome(op: Operation): 'ok' | 'fail' | 'info' {
  const t = op.complete?.type;
  return t === 'ok' || t === 'fail' ? t : 'info';
}

/** One JSON object per line. */
export function toJsonl(events: readonly HistoryEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : '');
}

export function fromJsonl(text: string): HistoryEvent[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as HistoryEvent);
}
