import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliProcess, StopSignal } from '../../src/cli/main.js';
import { main } from '../../src/cli/main.js';
import { testIo } from './support/run-cli.js';

const FAKE_SERVE = fileURLToPath(new URL('./support/fake-serve.ts', import.meta.url));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base port whose client ports base..base+n-1 are free now. */
async function freeBase(n: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const free = await Promise.all(Array.from({ length: n }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no free ports');
}

function fakeProcess(env: Record<string, string> = {}): CliProcess & { signal: (s: StopSignal) => void; exits: number[] } {
  let handler: ((s: StopSignal) => void) | undefined;
  const exits: number[] = [];
  return {
    startNode: () => Promise.reject(new Error('dev does not start nodes in process')),
    onStopSignal: (h) => {
      handler = h;
      return () => { handler = undefined; };
    },
    exit: (code) => { exits.push(code); },
    serveCommand: (args) => ({
      command: 'env',
      args: [...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, '--import', 'tsx', FAKE_SERVE, ...args],
    }),
    signal: (s) => handler?.(s),
    exits,
  };
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('vstudio dev', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vstudio-dev-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the nodes, waits for a meta leader, prints the endpoints, and stops them on SIGINT', async () => {
    const base = await freeBase(2);
    const proc = fakeProcess();
    const io = testIo({ cwd: dir, process: proc });
    const running = main(['dev', '--nodes', '2', '--data', 'cluster', '--base-port', String(base)], io);
    await until(() => io.stdout.text().includes('ready'), 30_000);
    expect(io.stdout.text()).toContain(`export VSTUDIO_ENDPOINTS=127.0.0.1:${base},127.0.0.1:${base + 1}`);
    proc.signal('SIGINT');
    expect(await running).toBe(0);
    expect(proc.exits).toEqual([0]);
    const log = await readFile(join(dir, 'cluster', 'node-2.log'), 'utf8');
    expect(log).toContain(`fake serve: node 2 on 127.0.0.1:${base + 1}`);
    expect(log).toContain(`--data ${join(dir, 'cluster', 'node-2')}`);
    expect(log).toContain(`--peer-listen 127.0.0.1:${base + 101}`);
    expect(log).toContain(`--initial-cluster 1=127.0.0.1:${base + 100},2=127.0.0.1:${base + 101}`);
    expect(log).toContain(`--metrics-listen 127.0.0.1:${base + 201}`);
    expect(log).toContain('fake serve: SIGTERM');
  });

  it('names a node that exits during startup and where its log is, exit 1', async () => {
    const base = await freeBase(1);
    const io = testIo({ cwd: dir, process: fakeProcess({ FAKE_SERVE_EXIT: '3' }) });
    const code = await main(['dev', '--nodes', '1', '--data', 'c', '--base-port', String(base)], io);
    expect(code).toBe(1);
    expect(io.stderr.text()).toContain('node-1.log | fake serve: exiting with 3 as asked');
    expect(io.stderr.text().trimEnd().split('\n').at(-1)).toBe('UNAVAILABLE: node 1 exited with code 3 during startup; its log is ./c/node-1.log');
  });

  it('refuses to rerun a data directory with a different --nodes', async () => {
    await writeFile(join(dir, 'dev-cluster.json'), JSON.stringify({ nodes: 3, basePort: 7001 }));
    const io = testIo({ cwd: dir, process: fakeProcess() });
    const code = await main(['dev', '--nodes', '5', '--data', '.'], io);
    expect(code).toBe(1);
    expect(io.stderr.text()).toBe('FAILED_PRECONDITION: . holds a 3-node dev cluster on base port 7001; '
      + 'run with --nodes 3 --base-port 7001 (or without them), or use another --data\n');
  });
});
