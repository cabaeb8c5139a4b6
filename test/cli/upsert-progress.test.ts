import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES } from '../../src/cli/progress-bar.js';
import { FakeCluster } from '../client/support/fake-cluster.js';
import { Capture, runCli } from './support/run-cli.js';

describe('vstudio upsert progress', () => {
  let cluster: FakeCluster;
  let dir: string;
  let file: string;

  beforeEach(async () => {
    cluster = await FakeCluster.start(1);
    dir = await mkdtemp(join(tmpdir(), 'vstudio-progress-'));
    const pad = 'x'.repeat(2000);
    const lines = Array.from({ length: Math.ceil(PROGRESS_MIN_BYTES / 2000) + 10 }, (_, i) => JSON.stringify({ id: `r${i}`, vector: [i, 0], payload: { pad } }));
    file = join(dir, 'big.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    expect((await runCli(['collection', 'create', 'big', '--dim', '2'], { env: { VSTUDIO_ENDPOINTS: cluster.endpoints[0]! } })).code).toBe(0);
  });

  afterEach(async () => {
    cluster.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('draws a progress bar on stderr for a large file when stderr is a terminal', async () => {
    const stderr = new Capture(true);
    const r = await runCli(['upsert', 'big', '--file', file, '--json'], { env: { VSTUDIO_ENDPOINTS: cluster.endpoints[0]! }, stderr });
    expect(r.code).toBe(0);
    expect(stderr.text()).toMatch(/upsert \[=+\] 100% \| \d+\.\d\/\d+\.\d MB \| \d+ records/);
    expect(r.stdout).toMatch(/^\{"upserted":\d+\}\n$/);
  });

  it('draws no progress bar when stderr is not a terminal', async () => {
    const r = await runCli(['upsert', 'big', '--file', file], { env: { VSTUDIO_ENDPOINTS: cluster.endpoints[0]! } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
