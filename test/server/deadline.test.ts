import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/server/deadline.js';
import { ServerError } from '../../src/server/server-error.js';

const late = (): ServerError => new ServerError('DEADLINE_EXCEEDED', 'late');

describe('waiting with a deadline', () => {
  it('passes on a rejection that comes before the deadline', async () => {
    await expect(withDeadline(Promise.reject(new Error('refused')), Date.now() + 1_000, late)).rejects.toThrow('refused');
  });

  it('rejects with the timeout error once the deadline passes', async () => {
    await expect(withDeadline(new Promise(() => undefined), Date.now() + 20, late)).rejects.toThrow('late');
  });

  it('a promise that rejects after the deadline is not an unhandled rejection (it would end the process)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => { unhandled.push(e); };
    process.on('unhandledRejection', onUnhandled);
    try {
      let rejectLater!: (e: Error) => void;
      const p = new Promise<never>((_, reject) => { rejectLater = reject; });
      await expect(withDeadline(p, Date.now() - 1, late)).rejects.toThrow('late');
      rejectLater(new Error('leadership changed'));
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
