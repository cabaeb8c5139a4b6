import { describe, expect, it } from 'vitest';
import { checkRegisterHistory } from '../../jepsen-lite/checkers/register-checker.js';
import { checkLinearizable, type Model } from '../../jepsen-lite/checkers/linearizability.js';
import { history, simulatedRegisterHistory, type Row } from './support/history-builder.js';

const valid = (rows: Row[]): boolean | 'unknown' => checkRegisterHistory(history(rows)).valid;

describe('register linearizability checker: hand-made histories', () => {
  it('a sequential write then read of it is linearizable', () => {
    expect(valid([[0, 'invoke', 'write', 'x', 'a', 0], [0, 'ok', 'write', 'x', 'a', 1], [1, 'invoke', 'read', 'x', null, 2], [1, 'ok', 'read', 'x', 'a', 3]])).toBe(true);
  });

  it('a read that begins after a write was acknowledged and misses it is a stale read', () => {
    expect(valid([[0, 'invoke', 'write', 'x', 'a', 0], [0, 'ok', 'write', 'x', 'a', 1], [1, 'invoke', 'read', 'x', null, 2], [1, 'ok', 'read', 'x', null, 3]])).toBe(false);
  });

  it('reads concurrent with a write may see either value, but not the new one and then the old one', () => {
    const w: Row[] = [[0, 'invoke', 'write', 'x', 'a', 0], [0, 'ok', 'write', 'x', 'a', 100]];
    expect(valid([...w.slice(0, 1), [1, 'invoke', 'read', 'x', null, 10], [1, 'ok', 'read', 'x', null, 20], [1, 'invoke', 'read', 'x', null, 30], [1, 'ok', 'read', 'x', 'a', 40], ...w.slice(1)])).toBe(true);
    expect(valid([...w.slice(0, 1), [1, 'invoke', 'read', 'x', null, 10], [1, 'ok', 'read', 'x', 'a', 20], [1, 'invoke', 'read', 'x', null, 30], [1, 'ok', 'read', 'x', null, 40], ...w.slice(1)])).toBe(false);
  });

  it('two concurrent readers may not disagree on the order of two writes', () => {
    // w a; then concurrently: w b, and two readers: one sees b then a, the other a then b.
    expect(valid([
      [0, 'invoke', 'write', 'x', 'a', 0], [0, 'ok', 'write', 'x', 'a', 1],
      [0, 'invoke', 'write', 'x', 'b', 10], [3, 'invoke', 'write', 'x', 'c', 10],
      [1, 'invoke', 'read', 'x', null, 11], [1, 'ok', 'read', 'x', 'b', 12],
      [2, 'invoke', 'read', 'x', null, 13], [2, 'ok', 'read', 'x', 'c', 14],
      [1, 'invoke', 'read', 'x', null, 15], [1, 'ok', 'read', 'x', 'c', 16],
      [2, 'invoke', 'read', 'x', null, 17], [2, 'ok', 'read', 'x', 'b', 18],
      [0, 'ok', 'write', 'x', 'b', 50], [3, 'ok', 'write', 'x', 'c', 50],
    ])).toBe(false);
  });

  it('an info write may take effect at any later time, or never', () => {
    const w: Row[] = [[0, 'invoke', 'write', 'x', 'a', 0], [0, 'info', 'write', 'x', 'a', 5, 'DEADLINE_EXCEEDED']];
    expect(valid([...w, [1, 'invoke', 'read', 'x', null, 10], [1, 'ok', 'read', 'x', null, 11]])).toBe(true);
    expect(valid([...w, [1, 'invoke', 'read', 'x', null, 10], [1, 'ok', 'read', 'x', null, 11], [1, 'invoke', 'read', 'x', null, 500], [1, 'ok', 'read', 'x', 'a', 501]])).toBe(true);
    expect(valid([...w, [1, 'invoke', 'read', 'x', null, 10], [1, 'ok', 'read', 'x', 'a', 11], [1, 'invoke', 'read', 'x', null, 500], [1, 'ok', 'read', 'x', null, 501]])).toBe(false);
  });

  it('a failed write never happened: reading its value is not linearizable', () => {
    expect(valid([[0, 'invoke', 'write', 'x', 'a', 0], [0, 'fail', 'write', 'x', 'a', 5, 'INVALID_ARGUMENT'], [1, 'invoke', 'read', 'x', null, 10], [1, 'ok', 'read', 'x', 'a', 11]])).toBe(false);
  });

  it('compare-and-set: succeeds only from the expected value; a condition failure observed another value', () => {
    const w: Row[] = [[0, 'invoke', 'write', 'x', 'a', 0], [0, 'ok', 'write', 'x', 'a', 1]];
    expect(valid([...w, [1, 'invoke', 'cas', 'x', ['a', 'b'], 2], [1, 'ok', 'cas', 'x', ['a', 'b'], 3], [2, 'invoke', 'read', 'x', null, 4], [2, 'ok', 'read', 'x', 'b', 5]])).toBe(true);
    expect(valid([...w, [1, 'invoke', 'cas', 'x', [null, 'b'], 2], [1, 'ok', 'cas', 'x', [null, 'b'], 3]])).toBe(false);
    expect(valid([...w, [1, 'invoke', 'cas', 'x', ['a', 'b'], 2], [1, 'fail', 'cas', 'x', ['a', 'b'], 3, 'condition_failed']])).toBe(false);
    expect(valid([...w, [1, 'invoke', 'cas', 'x', ['z', 'b'], 2], [1, 'fail', 'cas', 'x', ['z', 'b'], 3, 'condition_failed']])).toBe(true);
    // An unknown cas whose condition held may or may not have applied.
    expect(valid([...w, [1, 'invoke', 'cas', 'x', ['a', 'b'], 2], [1, 'info', 'cas', 'x', ['a', 'b'], 3], [2, 'invoke', 'read', 'x', null, 4], [2, 'ok', 'read', 'x', 'a', 5], [2, 'invoke', 'read', 'x', null, 6], [2, 'ok', 'read', 'x', 'b', 7]])).toBe(true);
  });

  it('keys are independent registers: a violation on one key is reported with that key', () => {
    const r = checkRegisterHistory(history([
      [0, 'invoke', 'write', 'x', 'a', 0], [0, 'ok', 'write', 'x', 'a', 1],
      [1, 'invoke', 'write', 'y', 'b', 0], [1, 'ok', 'write', 'y', 'b', 1],
      [2, 'invoke', 'read', 'y', null, 2], [2, 'ok', 'read', 'y', 'b', 3],
      [2, 'invoke', 'read', 'x', null, 4], [2, 'ok', 'read', 'x', null, 5],
    ]));
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => a.key)).toEqual(['x']);
    expect(r.anomalies[0]!.stuck.join('\n')).toContain('read → nil');
  });

  it('the search stops at its step bound with "unknown" rather than running forever', () => {
    // 40 concurrent operations that each set one distinct bit, and one that no state accepts:
    // proving it unlinearizable means visiting all 2^40 subsets; the bound stops the search.
    const never: Model<number, number, 'ok'> = {
      init: () => 0, step: (s, bit) => (bit < 0 ? undefined : s | (1 << bit)), stateKey: (s) => String(s),
    };
    const ops = Array.from({ length: 40 }, (_, i) => ({ id: i, process: i, call: 0, ret: 100, input: i % 30, output: 'ok' as const }));
    const r = checkLinearizable(never, [...ops, { id: 99, process: 99, call: 0, ret: 100, input: -1, output: 'ok' as const }], { maxSteps: 10_000 });
    expect(r.valid).toBe('unknown');
  });
});

describe('register linearizability checker: generated histories', () => {
  it('checks a 10,000-operation linearizable history (10 processes, 5 keys, info writes) in seconds', () => {
    const h = simulatedRegisterHistory(10_000, 10, 5, 42, 25);
    const r = checkRegisterHistory(h);
    expect(r.valid).toBe(true);
    expect(r.operations).toBeGreaterThan(9_000);
    expect(r.ms).toBeLessThan(10_000);
    console.log(`linearizability: ${r.operations} operations on ${r.keys} keys checked in ${r.ms.toFixed(0)} ms (${r.steps} steps)`);
  });

  it('finds one stale read planted in a 10,000-operation history', () => {
    const h = simulatedRegisterHistory(10_000, 10, 5, 7);
    // The last completed read of key k0 that saw a value now claims it saw nothing.
    const i = h.map((e, idx) => [e, idx] as const).filter(([e]) => e.type === 'ok' && e.f === 'read' && e.key === 'k0' && e.value !== null).at(-1)![1];
    h[i] = { ...h[i]!, value: null };
    const r = checkRegisterHistory(h);
    expect(r.valid).toBe(false);
    expect(r.anomalies.map((a) => a.key)).toEqual(['k0']);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('accepts generated linearizable histories of 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const h = simulatedRegisterHistory(300, 5, 2, seed, 7);
      expect(checkRegisterHistory(h).valid, `seed ${seed}`).toBe(true);
    }
  });
});
