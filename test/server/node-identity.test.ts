import { afterEach, describe, expect, it } from 'vitest';
import { clusterIdOf, loadOrCreateIdentity } from '../../src/server/node-identity.js';
import { NodeOptionsError, parseInitialCluster } from '../../src/server/node-options.js';
import { tempDir } from '../embedded/temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function dir(): Promise<string> {
  const t = await tempDir();
  cleanups.push(t.dispose);
  return t.dir;
}

const CLUSTER = parseInitialCluster('1=127.0.0.1:7101,2=127.0.0.1:7102,3=127.0.0.1:7103');

describe('node identity', () => {
  it('founding nodes agree on the cluster id without talking: it depends only on the initial cluster', () => {
    const reordered = parseInitialCluster('3=127.0.0.1:7103,1=127.0.0.1:7101,2=127.0.0.1:7102');
    expect(clusterIdOf(reordered)).toBe(clusterIdOf(CLUSTER));
    expect(clusterIdOf(parseInitialCluster('1=127.0.0.1:7101'))).not.toBe(clusterIdOf(CLUSTER));
  });

  it('is written at bootstrap and read back at restart from the data directory alone', async () => {
    const d = await dir();
    const first = await loadOrCreateIdentity(d, { nodeId: 2, peerListen: '127.0.0.1:7102', initialCluster: CLUSTER });
    expect(first.created).toBe(true);
    const again = await loadOrCreateIdentity(d, { nodeId: 2, peerListen: '127.0.0.1:7102' });
    expect(again.created).toBe(false);
    expect(again.identity.clusterId).toBe(first.identity.clusterId);
    expect([...again.identity.initialCluster]).toEqual([...CLUSTER]);
  });

  it.each([
    ['--node-id', { nodeId: 3, peerListen: '127.0.0.1:7102' }],
    ['--initial-cluster', { nodeId: 2, peerListen: '127.0.0.1:7102', initialCluster: parseInitialCluster('1=127.0.0.1:7101,2=127.0.0.1:7102') }],
    ['--peer-listen', { nodeId: 2, peerListen: '127.0.0.1:9999' }],
  ])('a restart whose %s contradicts the stored identity is refused, naming the flag', async (flag, flags) => {
    const d = await dir();
    await loadOrCreateIdentity(d, { nodeId: 2, peerListen: '127.0.0.1:7102', initialCluster: CLUSTER });
    const e = await loadOrCreateIdentity(d, flags).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NodeOptionsError);
    expect((e as NodeOptionsError).field).toBe(flag);
    expect((e as Error).message).toContain(flag);
  });

  it('an empty data directory without --initial-cluster is refused', async () => {
    const e = await loadOrCreateIdentity(await dir(), { nodeId: 1, peerListen: '127.0.0.1:7101' }).catch((x: unknown) => x);
    expect((e as NodeOptionsError).field).toBe('--initial-cluster');
  });

  it('an --initial-cluster that does not list this node is refused', async () => {
    const e = await loadOrCreateIdentity(await dir(), { nodeId: 4, peerListen: '127.0.0.1:7104', initialCluster: CLUSTER }).catch((x: unknown) => x);
    expect((e as NodeOptionsError).message).toContain('does not list this node');
  });
});

describe('--initial-cluster parsing', () => {
  it.each(['', '1=', 'x=127.0.0.1:1', '1=127.0.0.1:99999', '1=127.0.0.1:1,1=127.0.0.1:2', '0=127.0.0.1:1'])('refuses %j, naming the flag', (text) => {
    expect(() => parseInitialCluster(text)).toThrow(/--initial-cluster/);
  });
});
