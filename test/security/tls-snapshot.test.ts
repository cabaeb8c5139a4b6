/**
 * Snapshot transfer (InstallSnapshot, SnapshotOffset) and forwarded requests between nodes
 * under mutual TLS and API keys: a node added to a group is caught up by snapshot.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addKey } from '../../src/security/api-keys.js';
import { certsInit } from '../../src/security/certs.js';
import { SecureCluster, tempDir } from './support/secure-cluster.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
let cluster: SecureCluster;
let admin: string;

beforeAll(async () => {
  dir = await tempDir('vstudio-tls-snapshot-');
  const tlsDir = join(dir.path, 'tls');
  const authFile = join(dir.path, 'keys.json');
  await certsInit({ dir: tlsDir, nodes: 3, hosts: ['127.0.0.1'] });
  admin = (await addKey(authFile, { name: 'admin', role: 'admin' })).key;
  cluster = await SecureCluster.start({ dir: dir.path, tlsDir, authFile, compactEveryEntries: 10, manualPlacement: true, nodes: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  await cluster.waitReady(cluster.node(1), admin, [1, 2, 3]);
}, 120_000);

afterAll(async () => {
  await cluster?.close();
  await dir?.remove();
});

it('a node added to a group is caught up by snapshot over mutual TLS', async () => {
  const c = await cluster.client(cluster.node(1), admin, 30_000);
  try {
    const info = await c.createCollection('snap', { dimension: 2, replicas: 2 });
    const group = info.groupIds[0]!;
    const ids = Array.from({ length: 40 }, (_, i) => `s-${i}`);
    for (let i = 0; i < ids.length; i += 4) await c.upsert('snap', ids.slice(i, i + 4).map((id, j) => ({ id, vector: [i, j] })));
    const s = await c.clusterStatus();
    const voters = s.groups.find((g) => g.id === group)!.voters;
    const outsider = s.nodes.find((n) => !voters.includes(n.id))!.id;
    expect((await c.addNode(group, outsider)).voters.slice().sort()).toEqual([1, 2, 3]);
    const newcomer = cluster.node(outsider);
    const local = await cluster.client(newcomer, admin, 30_000);
    try {
      const until = Date.now() + 30_000;
      let missing = ids.length;
      while (missing > 0 && Date.now() < until) {
        missing = await local.get('snap', ids, { consistency: 'follower' }).then((r) => r.missing.length, () => ids.length);
        if (missing > 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(missing).toBe(0);
    } finally {
      local.close();
    }
    expect(newcomer.output).toContain('snapshot_received');
  } finally {
    c.close();
  }
}, 90_000);
