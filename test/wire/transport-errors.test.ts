import { describe, expect, it } from 'vitest';
import { transportNeverSent } from '../../src/wire/transport-errors.js';

describe('telling a call that never left from one that may have been processed', () => {
  it('a connection refused before the call was sent: never sent', () => {
    expect(transportNeverSent('No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:7001. Resolution note: ')).toBe(true);
  });

  it('a transparent retry after a reset connection: may have been processed', () => {
    expect(transportNeverSent('No connection established. Last error: read ECONNRESET')).toBe(false);
  });

  it('a connection dropped mid-call: may have been processed', () => {
    expect(transportNeverSent('Connection dropped')).toBe(false);
    expect(transportNeverSent('read ECONNRESET')).toBe(false);
  });
});
