/**
 * The `register` workload's checker: each key is one register (a record whose value is the
 * payload's `v`; absent = null). Operations: `read` → value, `write` v, `cas` [from, to] (a
 * conditional upsert on the version read; values are unique, so it is a compare-and-set on the
 * value). The history is partitioned by key and each partition is checked for linearizability.
 */
import { outcome, pairOperations, type HistoryEvent, type Operation } from '../history.js';
import { checkLinearizable, type LinOperation, type Model } from './linearizability.js';

export type RegisterValue = string | null;

export type RegisterInput =
  | { readonly f: 'read' }
  | { readonly f: 'write'; readonly value: RegisterValue }
  | { readonly f: 'cas'; readonly from: RegisterValue; readonly to: RegisterValue };

/** read: the value seen; write: `ok`; cas: `ok`, `failed` (condition failed) or `unknown` (info). */
export type RegisterOutput = RegisterValue | 'ok' | 'failed' | 'unknown';

export const registerModel: Model<RegisterValue, RegisterInput, RegisterOutput> = {
  init: () => null,
  step(state, input, output) {
    switch (input.f) {
      case 'read': return output === state ? state : undefined;
      case 'write': return input.value;
      case 'cas':
        if (output === 'ok') return state === input.from ? input.to : undefined;
        if (output === 'failed') return state !== input.from ? state : undefined;
        // Unknown outcome: if it takes effect here its condition decides what it does.
        return state === input.from ? input.to : state;
    }
  },
  stateKey: (s) => (s === null ? '∅' : `=${s}`),
  describe(input, output) {
    const v = (x: RegisterValue): string => (x === null ? 'nil' : x);
    switch (input.f) {
      case 'read': return `read → ${output === null ? 'nil' : String(output)}`;
      case 'write': return `write ${v(input.value)}`;
      case 'cas': return `cas ${v(input.from)}→${v(input.to)} (${String(output)})`;
    }
  },
};

export interface LinearizabilityAnomaly {
  readonly type: 'nonlinearizable';
  readonly key: string;
  readonly explanation: string;
  /** The last operations of the longest linearization found, then the operations stuck after it. */
  readonly linearizedPrefix: readonly string[];
  readonly stateAfterPrefix: string;
  readonly stuck: readonly string[];
}

export interface RegisterCheckResult {
  readonly valid: boolean | 'unknown';
  readonly anomalies: readonly LinearizabilityAnomaly[];
  readonly keys: number;
  readonly operations: number;
  readonly steps: number;
  readonly ms: number;
}

/** The history value of a register operation: read → value; write → value; cas → [from, to]. */
function toLinOperation(op: Operation): LinOperation<RegisterInput, RegisterOutput> | undefined {
  const o = outcome(op);
  const call = op.invoke.time;
  const ret = o === 'info' ? Infinity : op.complete!.time;
  const base = { id: op.invoke.index, process: op.process, call, ret };
  switch (op.f) {
    case 'read':
      // A failed or unknown read observed nothing.
      if (o !== 'ok') return undefined;
      return { ...base, input: { f: 'read' }, output: (op.complete!.value ?? null) as RegisterValue };
    case 'write':
      if (o === 'fail') return undefined;
      return { ...base, input: { f: 'write', value: op.invoke.value as RegisterValue }, output: 'ok' };
    case 'cas': {
      const [from, to] = op.invoke.value as [RegisterValue, RegisterValue];
      if (o === 'fail') {
        // A definite "condition failed" observed the register; any other failure did nothing.
        if (op.complete!.error?.startsWith('condition_failed') !== true) return undefined;
        return { ...base, input: { f: 'cas', from, to }, output: 'failed' };
      }
      return { ...base, input: { f: 'cas', from, to }, output: o === 'ok' ? 'ok' : 'unknown' };
    }
    default:
      throw new Error(`register history: unknown f "${op.f}" at index ${op.invoke.index}`);
  }
}

function describeOp(op: LinOperation<RegisterInput, RegisterOutput>): string {
  const ret = op.ret === Infinity ? '∞' : `${(op.ret / 1e6).toFixed(1)}ms`;
  return `#${op.id} p${op.process} ${registerModel.describe!(op.input, op.output)} [${(op.call / 1e6).toFixed(1)}ms, ${ret}]`;
}

/** Checks every key's register for linearizability. */
export function checkRegisterHistory(events: readonly HistoryEvent[], options: { readonly maxSteps?: number } = {}): RegisterCheckResult {
  const started = performance.now();
  const byKey = new Map<string, LinOperation<RegisterInput, RegisterOutput>[]>();
  let operations = 0;
  for (const op of pairOperations(events)) {
    if (op.key === undefined) continue;
    const lin = toLinOperation(op);
    if (lin === undefined) continue;
    operations++;
    const list = byKey.get(op.key) ?? [];
    list.push(lin);
    byKey.set(op.key, list);
  }
  const anomalies: LinearizabilityAnomaly[] = [];
  let valid: boolean | 'unknown' = true;
  let steps = 0;
  for (const [key, ops] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
    const r = checkLinearizable(registerModel, ops, options);
    steps += r.steps;
    if (r.valid === 'unknown') {
      if (valid === true) valid = 'unknown';
    } else if (!r.valid) {
      valid = false;
      anomalies.push({
        type: 'nonlinearizable', key,
        explanation: `key ${key}: no linearization exists; after the longest one found (register = ${r.stateAfterPrefix}), none of the pending operations can take effect before the last of them returned`,
        linearizedPrefix: (r.deepestPrefix ?? []).map(describeOp),
        stateAfterPrefix: r.stateAfterPrefix ?? '',
        stuck: (r.stuckAt ?? []).map(describeOp),
      });
    }
  }
  return { valid, anomalies, keys: byKey.size, operations, steps, ms: performance.now() - started };
}
