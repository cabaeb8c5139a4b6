import { describe, expect, it } from 'vitest';
import { checkSetHistory } from '../../jepsen-lite/checkers/set-checker.js';
import { checkVectorHistory } from '../../jepsen-lite/checkers/vector-checker.js';
import { history, type Row } from './support/history-builder.js';

const adds: Row[] = [
  [0, 'invoke', 'add', '', 0, 0], [0, 'ok', 'add', '', 0, 1],
  [1, 'invoke', 'add', '', 1, 0], [1, 'info', 'add', '', 1, 5, 'DEADLINE_EXCEEDED'],
  [2, 'invoke', 'add', '', 2, 0], [2, 'fail', 'add', '', 2, 2, 'INVALID_ARGUMENT'],
  [0, 'invoke', 'add', '', 3, 2], [0, 'ok', 'add', '', 3, 3],
];
const finalRead = (present: number[]): Row[] => [[9, 'invoke', 'final-read', '', { from: 0, to: 4 }, 100], [9, 'ok', 'final-read', '', present, 101]];

describe('set checker', () => {
  it('is valid when every acknowledged add is read back, and reports an info add that applied as recovered', () => {
    const r = checkSetHistory(history([...adds, ...finalRead([0, 1, 3])]));
    expect(r.valid).toBe(true);
    expect(r.recovered).toEqual([1]);
    expect(r.lost).toEqual([]);
  });

  it('finds a lost acknowledged add', () => {
    const r = checkSetHistory(history([...adds, ...finalRead([0])]));
    expect(r.valid).toBe(false);
    expect(r.lost).toEqual([3]);
    expect(r.anomalies.map((a) => a.type)).toEqual(['lost']);
  });

  it('finds elements that were never attempted or whose add failed', () => {
    const r = checkSetHistory(history([...adds, ...finalRead([0, 2, 3, 7])]));
    expect(r.unexpected).toEqual([2, 7]);
    expect(r.valid).toBe(false);
  });

  it('finds a stale read: one that began after an add was acknowledged and missed it', () => {
    const stale: Row[] = [[5, 'invoke', 'read', '', { from: 0, to: 4 }, 4], [5, 'ok', 'read', '', [0], 6]];
    const concurrent: Row[] = [[6, 'invoke', 'read', '', { from: 0, to: 4 }, 2.5], [6, 'ok', 'read', '', [0], 6]];
    expect(checkSetHistory(history([...adds, ...concurrent, ...finalRead([0, 3])])).valid).toBe(true);
    const r = checkSetHistory(history([...adds, ...stale, ...finalRead([0, 3])]));
    expect(r.staleReads).toBe(1);
    expect(r.anomalies.map((a) => a.type)).toEqual(['stale']);
  });

  it('is not valid without a final read', () => {
    expect(checkSetHistory(history(adds)).anomalies.map((a) => a.type)).toEqual(['no-final-read']);
  });
});

describe('vector checker', () => {
  const upserts: Row[] = [[0, 'invoke', 'upsert', '', 0, 0], [0, 'ok', 'upsert', '', 0, 1], [1, 'invoke', 'upsert', '', 1, 0], [1, 'ok', 'upsert', '', 1, 10]];
  const fin: Row[] = [[9, 'invoke', 'final-read', '', { from: 0, to: 2 }, 100], [9, 'ok', 'final-read', '', [0, 1], 101]];

  it('a search invoked after an acknowledged upsert must return it', () => {
    const ok = checkVectorHistory(history([...upserts, [2, 'invoke', 'search', '', { target: 0 }, 2], [2, 'ok', 'search', '', [0, 1], 3], ...fin]));
    expect(ok.valid).toBe(true);
    const miss = checkVectorHistory(history([...upserts, [2, 'invoke', 'search', '', { target: 0 }, 2], [2, 'ok', 'search', '', [1], 3], ...fin]));
    expect(miss.valid).toBe(false);
    expect(miss.searchMisses).toBe(1);
  });

  it('a search concurrent with the upsert may miss it', () => {
    const r = checkVectorHistory(history([...upserts, [2, 'invoke', 'search', '', { target: 1 }, 5], [2, 'ok', 'search', '', [0], 6], ...fin]));
    expect(r.valid).toBe(true);
  });

  it('reports acknowledged upserts absent after healing as lost', () => {
    const r = checkVectorHistory(history([...upserts, [9, 'invoke', 'final-read', '', { from: 0, to: 2 }, 100], [9, 'ok', 'final-read', '', [1], 101]]));
    expect(r.lost).toEqual([0]);
    expect(r.valid).toBe(false);
  });
});
