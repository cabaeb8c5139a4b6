import { describe, expect, it } from 'vitest';
import { pairOperations } from '../../jepsen-lite/history.js';
import { enabledKinds, FAULT_KINDS, makeSchedule } from '../../jepsen-lite/nemesis.js';
import { latencyPlotSvg } from '../../jepsen-lite/report/plot.js';
import { simulatedRegisterHistory } from './support/history-builder.js';

describe('nemesis schedule', () => {
  const o = { timeMs: 60_000, nodes: 5, nemesis: ['partition', 'kill', 'pause', 'clog', 'membership'] };

  it('the same seed gives the same schedule; another seed another one', () => {
    expect(makeSchedule(7, o)).toEqual(makeSchedule(7, o));
    expect(makeSchedule(8, o)).not.toEqual(makeSchedule(7, o));
  });

  it('draws only enabled faults, separated by quiet periods, all over 1.5 s before the end', () => {
    const s = makeSchedule(3, { ...o, nemesis: ['kill', 'pause-leader'] });
    expect(s.length).toBeGreaterThan(5);
    for (const f of s) expect(['kill', 'pause']).toContain(FAULT_KINDS[f.kind]);
    expect(s.some((f) => f.kind === 'pause-random')).toBe(false);
    for (let i = 1; i < s.length; i++) expect(s[i]!.atMs).toBeGreaterThanOrEqual(s[i - 1]!.atMs + s[i - 1]!.durationMs + 1_000);
    expect(s.at(-1)!.atMs + s.at(-1)!.durationMs).toBeLessThanOrEqual(60_000 - 1_500);
  });

  it('names families and single faults, and refuses anything else', () => {
    expect(enabledKinds(['partition']).sort()).toEqual(['partition-bridge', 'partition-halves', 'partition-isolate-leader', 'partition-one-way']);
    expect(enabledKinds(['partition', 'partition-isolate-slow-leader'])).toContain('partition-isolate-slow-leader');
    expect(enabledKinds(['kill-leader'])).toEqual(['kill-leader']);
    expect(() => enabledKinds(['meteor'])).toThrow(/neither a family/);
    expect(makeSchedule(1, { ...o, nemesis: [] })).toEqual([]);
  });
});

describe('latency plot', () => {
  it('draws one dot per completed operation and shades each fault interval', () => {
    const ops = pairOperations(simulatedRegisterHistory(200, 4, 2, 1));
    const svg = latencyPlotSvg(ops, [{ kind: 'kill-leader', startNs: 1e6, endNs: 5e6, detail: 'kill -9 leader 2' }], (k) => FAULT_KINDS[k as keyof typeof FAULT_KINDS], 'test <plot>');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle /g)!.length).toBe(200 + 3);
    expect(svg).toContain('kill -9 leader 2');
    expect(svg).toContain('test &lt;plot&gt;');
  });
});
