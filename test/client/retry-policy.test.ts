import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/client/index.js';

describe('backoffDelay', () => {
  it('draws uniformly below base · 2^retry (full jitter)', () => {
    expect(backoffDelay(0, { baseMs: 50, capMs: 1000 }, () => 0.999)).toBe(49);
    expect(backoffDelay(3, { baseMs: 50, capMs: 1000 }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { baseMs: 50, capMs: 1000 }, () => 0)).toBe(0);
  });

  it('never exceeds the cap', () => {
    for (let retry = 0; retry < 100; retry++) expect(backoffDelay(retry, { baseMs: 50, capMs: 1000 }, () => 0.999999)).toBeLessThan(1000);
  });
});
