import { describe, expect, it } from 'vitest';
import { createLogger, LogLevelError } from '../../../src/server/logger.js';

/** A logger whose lines are parsed back into objects. */
function capture(level = 'info'): { log: ReturnType<typeof createLogger>; events: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const log = createLogger({ nodeId: 3, level, destination: { write: (line: string) => void lines.push(line) } });
  return { log, events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the node logger', () => {
  it('writes one JSON line per event with the node id, the level name and the message', () => {
    const { log, events } = capture();
    log.info({ group: 7 }, 'elected');
    log.warn('slow fsync');
    expect(events()).toEqual([
      expect.objectContaining({ node: 3, level: 'info', group: 7, msg: 'elected' }),
      expect.objectContaining({ node: 3, level: 'warn', msg: 'slow fsync' }),
    ]);
  });

  it('drops events below its level', () => {
    const { log, events } = capture('warn');
    log.info('quiet');
    log.error('loud');
    expect(events().map((e) => e['msg'])).toEqual(['loud']);
  });

  it('removes authorization, apiKey and key fields at the top level and one level down', () => {
    const { log, events } = capture();
    log.info({
      authorization: 'Bearer top-secret',
      apiKey: 'vs_live_1',
      key: 'k-2',
      headers: { authorization: 'Bearer nested-secret', 'x-api-key': 'vs_live_3', host: 'n1' },
      request: { apiKey: 'vs_live_4', collection: 'demo' },
    }, 'request');
    const [event] = events();
    expect(event).toMatchObject({ headers: { host: 'n1' }, request: { collection: 'demo' } });
    expect(event).not.toHaveProperty('authorization');
    expect(event).not.toHaveProperty('apiKey');
    expect(event).not.toHaveProperty('key');
    expect(JSON.stringify(event)).not.toMatch(/secret|vs_live|k-2/);
  });

  it('rejects an unknown level with LogLevelError', () => {
    expect(() => createLogger({ nodeId: 1, level: 'verbose' })).toThrow(LogLevelError);
  });
});
