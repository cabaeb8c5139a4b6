import type { EventType, HistoryEvent } from '../../../jepsen-lite/history.js';
import { Rng } from '../../../jepsen-lite/rng.js';

/** [process, type, f, key, value, time in ms, error?] */
export type Row = [number, EventType, string, string, unknown, number, string?];

/** A history from hand-written rows (times in ms, in any order of index). */
export function history(rows: readonly Row[]): HistoryEvent[] {
  return rows.map(([process, type, f, key, value, ms, error], index) => ({
    index, time: ms * 1e6, process, type, f, key, value, ...(error !== undefined ? { error } : {}),
  }));
}

/**
 * A linearizable register history by construction: each operation takes effect at a random
 * point between its call and its return, and its output is computed in that order.
 * `infoEvery`: every n-th write or cas completes as `info` (its effect still happens).
 */
export function simulatedRegisterHistory(opsTotal: number, processes: number, keys: number, seed: number, infoEvery = 0): HistoryEvent[] {
  const rng = new Rng(seed);
  interface Sim { p: number; call: number; lin: number; ret: number; f: string; key: string; value: unknown; out?: unknown; type?: EventType; error?: string }
  const sims: Sim[] = [];
  const clock = new Array<number>(processes).fill(0);
  let written = 0;
  for (let i = 0; i < opsTotal; i++) {
    const p = i % processes;
    const call = clock[p]! + rng.int(0, 3_000);
    const lin = call + rng.int(1, 5_000);
    const ret = lin + rng.int(1, 5_000);
    clock[p] = ret + 1;
    const key = `k${rng.int(0, keys - 1)}`;
    const r = rng.next();
    if (r < 0.5) sims.push({ p, call, lin, ret, f: 'read', key, value: null });
    else if (r < 0.8) sims.push({ p, call, lin, ret, f: 'write', key, value: `v${written++}` });
    else sims.push({ p, call, lin, ret, f: 'cas', key, value: [null, `v${written++}`] });
  }
  // Effects in linearization order.
  const state = new Map<string, string | null>();
  const lastSeen = new Map<string, string | null>();
  let writes = 0;
  for (const s of [...sims].sort((a, b) => a.lin - b.lin)) {
    const cur = state.get(s.key) ?? null;
    if (s.f === 'read') {
      s.out = cur;
      s.type = 'ok';
      lastSeen.set(s.key, cur);
    } else if (s.f === 'write') {
      state.set(s.key, s.value as string);
      s.out = s.value;
      s.type = infoEvery > 0 && ++writes % infoEvery === 0 ? 'info' : 'ok';
    } else {
      // cas from the last value some read saw (often current, sometimes not).
      const from = lastSeen.get(s.key) ?? null;
      const to = (s.value as [unknown, string])[1];
      s.value = [from, to];
      if (cur === from) {
        state.set(s.key, to);
        s.type = infoEvery > 0 && ++writes % infoEvery === 0 ? 'info' : 'ok';
        s.out = s.value;
      } else {
        s.type = 'fail';
        s.error = 'condition_failed';
        s.out = s.value;
      }
    }
  }
  const events: Omit<HistoryEvent, 'index'>[] = [];
  for (const s of sims) {
    events.push({ time: s.call * 1000, process: s.p, type: 'invoke', f: s.f, key: s.key, value: s.f === 'read' ? null : s.value });
    events.push({ time: s.ret * 1000, process: s.p, type: s.type!, f: s.f, key: s.key, value: s.out, ...(s.error !== undefined ? { error: s.error } : {}) });
  }
  return events.sort((a, b) => a.time - b.time).map((e, index) => ({ index, ...e }));
}
