/**
 * Issue 7's bars over real processes: a 3-node cluster with --tls-dir and --auth-file.
 * Unauthenticated and unauthorized calls are refused, a reader cannot write, a TLS 1.2-only
 * client and a plaintext client are refused, peer RPCs need a node certificate of the cluster
 * CA, keys and certificates are reloaded while serving.
 */
import { readFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect, createSecureContext, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorStudioClient, VectorStudioError } from '../../src/client/index.js';
import { addKey, revokeKey } from '../../src/security/api-keys.js';
import { certsInit } from '../../src/security/certs.js';
import type { PeerServiceClient } from '../../src/wire/gen/vstudio/v1/PeerService.js';
import { vstudioV1 } from '../../src/wire/proto.js';
import { runCli } from '../cli/support/run-cli.js';
import { SecureCluster, tempDir } from './support/secure-cluster.js';

async function failure(p: Promise<unknown>): Promise<VectorStudioError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VectorStudioError) return e;
    throw e;
  }
  throw new Error('the call succeeded; a refusal was expected');
}

function peerClient(address: string, credentials: grpc.ChannelCredentials): PeerServiceClient {
  return new (vstudioV1().PeerService)(address, credentials);
}

function nodeStatus(c: PeerServiceClient, metadata = new grpc.Metadata()): Promise<{ code: number; details: string }> {
  return new Promise((resolve) => {
    c.NodeStatus({}, metadata, { deadline: Date.now() + 3_000 }, (err) => resolve({ code: err?.code ?? 0, details: err?.details ?? '' }));
  });
}

function serverCertificate(address: string, ca: Buffer): Promise<PeerCertificate> {
  const [host, port] = address.split(':') as [string, string];
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host, port: Number(port), ca, ALPNProtocols: ['h2'] }, () => {
      resolve(s.getPeerCertificate());
      s.destroy();
    });
    s.once('error', reject);
  });
}

describe('a cluster with TLS and API keys', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let tlsDir: string;
  let authFile: string;
  let cluster: SecureCluster;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    dir = await tempDir('vstudio-security-');
    tlsDir = join(dir.path, 'tls');
    authFile = join(dir.path, 'keys.json');
    await certsInit({ dir: tlsDir, nodes: 3, hosts: ['127.0.0.1', 'localhost'] });
    keys['admin'] = (await addKey(authFile, { name: 'admin', role: 'admin' })).key;
    keys['writer'] = (await addKey(authFile, { name: 'writer', role: 'writer' })).key;
    keys['reader'] = (await addKey(authFile, { name: 'reader', role: 'reader' })).key;
    keys['limited'] = (await addKey(authFile, { name: 'limited', role: 'writer', collections: ['open'] })).key;
    cluster = await SecureCluster.start({ dir: dir.path, tlsDir, authFile, nodes: [{ id: 1 }, { id: 2 }, { id: 3 }] });
    await cluster.waitReady(cluster.node(1), keys['admin'], [1, 2, 3]);
    const admin = await cluster.client(cluster.node(1), keys['admin'], 20_000);
    try {
      await admin.createCollection('open', { dimension: 2 });
      await admin.createCollection('closed', { dimension: 2 });
      await admin.upsert('closed', [{ id: 'x', vector: [1, 1] }]);
    } finally {
      admin.close();
    }
  });

  afterAll(async () => {
    await cluster?.close();
    await dir?.remove();
  });

  it('refuses a call without a key, or with an unknown one: UNAUTHENTICATED, the key never echoed', async () => {
    const none = await cluster.client(cluster.node(2));
    const bogusKey = `vsk_0123456789abcdef_${'A'.repeat(43)}`;
    const bogus = await cluster.client(cluster.node(2), bogusKey);
    try {
      expect((await failure(none.listCollections())).code).toBe('UNAUTHENTICATED');
      const e = await failure(bogus.search('open', [1, 1]));
      expect(e.code).toBe('UNAUTHENTICATED');
      expect(e.message).not.toContain(bogusKey);
      expect(e.message).not.toContain('AAAA');
    } finally {
      none.close();
      bogus.close();
    }
  });

  it('lets a reader read and refuses its writes with PERMISSION_DENIED naming the action', async () => {
    const reader = await cluster.client(cluster.node(3), keys['reader']);
    try {
      expect((await reader.get('closed', ['x'])).records.map((r) => r.id)).toEqual(['x']);
      expect((await reader.search('closed', [1, 1], { k: 1 })).map((h) => h.id)).toEqual(['x']);
      const up = await failure(reader.upsert('closed', [{ id: 'y', vector: [0, 0] }]));
      expect(up.code).toBe('PERMISSION_DENIED');
      expect(up.details).toMatch(/may not upsert on collection "closed"/);
      const del = await failure(reader.delete('closed', ['x']));
      expect(del.code).toBe('PERMISSION_DENIED');
      expect(del.details).toMatch(/may not delete/);
      expect((await reader.get('closed', ['y'])).missing).toEqual(['y']);
    } finally {
      reader.close();
    }
  });

  it('keeps collection and cluster admin to admins', async () => {
    const writer = await cluster.client(cluster.node(1), keys['writer']);
    try {
      await writer.upsert('open', [{ id: 'w', vector: [0, 1] }]);
      const create = await failure(writer.createCollection('nope', { dimension: 2 }));
      expect(create).toMatchObject({ code: 'PERMISSION_DENIED' });
      expect(create.details).toMatch(/may not create collection/);
      expect((await failure(writer.dropCollection('open'))).code).toBe('PERMISSION_DENIED');
      expect((await failure(writer.transferLeader(1, 2))).details).toMatch(/may not transfer leader/);
    } finally {
      writer.close();
    }
  });

  it('limits a --collections key to its collections, and lists only those', async () => {
    const limited = await cluster.client(cluster.node(1), keys['limited']);
    try {
      await limited.upsert('open', [{ id: 'l', vector: [1, 0] }]);
      const e = await failure(limited.get('closed', ['x']));
      expect(e.code).toBe('PERMISSION_DENIED');
      expect(e.details).toMatch(/limited to collections open/);
      expect((await limited.listCollections()).map((c) => c.name)).toEqual(['open']);
    } finally {
      limited.close();
    }
  });

  it('refuses a plaintext client at once with a message that says TLS', async () => {
    const plain = await VectorStudioClient.connect({ endpoints: [cluster.node(1).clientAddress], apiKey: keys['admin']!, timeoutMs: 8_000 });
    try {
      const started = Date.now();
      const e = await failure(plain.listCollections());
      expect(e.code).toBe('UNAVAILABLE');
      expect(e.details).toMatch(/serves TLS and this client speaks plaintext: pass --tls-dir/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      plain.close();
    }
  });

  it('refuses a TLS 1.2-only client in the handshake, on both ports', async () => {
    const ca = readFileSync(join(tlsDir, 'ca.crt'));
    for (const address of [cluster.node(1).clientAddress, cluster.node(1).peerAddress]) {
      const [host, port] = address.split(':') as [string, string];
      const outcome = await new Promise<string>((resolve) => {
        const s = tlsConnect({ host, port: Number(port), ca, maxVersion: 'TLSv1.2', ALPNProtocols: ['h2'] }, () => {
          resolve(`connected with ${s.getProtocol() ?? '?'}`);
          s.destroy();
        });
        s.once('error', (e) => resolve(`refused: ${e.message}`));
      });
      expect(outcome).toMatch(/^refused: .*(protocol version|alert)/i);
    }
    const tls12 = grpc.credentials.createFromSecureContext(createSecureContext({ ca, maxVersion: 'TLSv1.2' }));
    const c = await VectorStudioClient.connect({ endpoints: [cluster.node(1).clientAddress], apiKey: keys['admin']!, credentials: tls12, timeoutMs: 2_000 });
    try {
      expect((await failure(c.listCollections())).code).toMatch(/UNAVAILABLE|DEADLINE_EXCEEDED/);
    } finally {
      c.close();
    }
  });

  it('serves peer RPCs only to node certificates of the cluster CA, never for a client key', async () => {
    const read = (name: string): Buffer => readFileSync(join(tlsDir, name));
    const address = cluster.node(1).peerAddress;
    // A node certificate: served.
    const asNode = peerClient(address, grpc.credentials.createSsl(read('ca.crt'), read('node-2.key'), read('node-2.crt')));
    expect(await nodeStatus(asNode)).toEqual({ code: 0, details: '' });
    // No certificate, even with an admin key: refused in the handshake.
    const md = new grpc.Metadata();
    md.set('authorization', `Bearer ${keys['admin']!}`);
    const anonymous = peerClient(address, grpc.credentials.createSsl(read('ca.crt')));
    expect((await nodeStatus(anonymous, md)).code).toBe(grpc.status.UNAVAILABLE);
    // The client certificate, signed by the same CA: not a node, refused.
    const asClient = peerClient(address, grpc.credentials.createSsl(read('ca.crt'), read('client.key'), read('client.crt')));
    expect(await nodeStatus(asClient, md)).toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: expect.stringMatching(/node certificate/) as unknown });
    // A node certificate of another CA: refused in the handshake.
    const other = await tempDir('vstudio-other-ca-');
    try {
      await certsInit({ dir: other.path, nodes: 2, hosts: ['127.0.0.1'] });
      const foreign = peerClient(address, grpc.credentials.createSsl(read('ca.crt'), readFileSync(join(other.path, 'node-2.key')), readFileSync(join(other.path, 'node-2.crt'))));
      expect((await nodeStatus(foreign)).code).toBe(grpc.status.UNAVAILABLE);
      foreign.close();
    } finally {
      await other.remove();
    }
    for (const c of [asNode, anonymous, asClient]) c.close();
  });

  it('takes a new key and drops a revoked one while serving, without a restart', async () => {
    const { key } = await addKey(authFile, { name: 'late', role: 'reader' });
    const late = await cluster.client(cluster.node(2), key);
    try {
      const until = Date.now() + 10_000;
      let ok = false;
      while (!ok && Date.now() < until) {
        ok = await late.listCollections().then(() => true, () => false);
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ok).toBe(true);
      await revokeKey(authFile, 'late');
      let refused: VectorStudioError | undefined;
      while (refused === undefined && Date.now() < until + 10_000) {
        refused = await late.listCollections().then(() => undefined, (e: unknown) => e as VectorStudioError);
        if (refused === undefined) await new Promise((r) => setTimeout(r, 200));
      }
      expect(refused?.code).toBe('UNAUTHENTICATED');
    } finally {
      late.close();
    }
  });

  it('reloads certificates on SIGHUP: new connections get the reissued ones, the cluster keeps working', async () => {
    const ca = readFileSync(join(tlsDir, 'ca.crt'));
    const before = await serverCertificate(cluster.node(1).clientAddress, ca);
    await certsInit({ dir: tlsDir, nodes: 3, hosts: ['127.0.0.1', 'localhost'], force: true });
    for (const n of cluster.nodes) n.signal('SIGHUP');
    const until = Date.now() + 10_000;
    let after = before;
    while (after.serialNumber === before.serialNumber && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      after = await serverCertificate(cluster.node(1).clientAddress, ca);
    }
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(cluster.node(1).output).toContain('"event":"tls_reloaded"');
    const admin = await cluster.client(cluster.node(3), keys['admin'], 15_000);
    try {
      await admin.upsert('open', [{ id: 'after-rotation', vector: [2, 2] }]);
      expect((await admin.get('open', ['after-rotation'])).records).toHaveLength(1);
    } finally {
      admin.close();
    }
  });

  it('closes connections that send garbage instead of a TLS handshake, or stall in it', async () => {
    const closedAfter = (port: number, bytes: Buffer): Promise<boolean> => new Promise((resolve) => {
      const s = netConnect(port, '127.0.0.1', () => s.write(bytes));
      const timer = setTimeout(() => { s.destroy(); resolve(false); }, 15_000);
      s.on('error', () => undefined);
      s.on('data', () => undefined);
      s.on('close', () => { clearTimeout(timer); resolve(true); });
    });
    const n = cluster.node(2);
    const ports = [n.clientPort, n.peerPort];
    // Garbage; and the first 5 bytes of a TLS record header announcing more that never comes (the 10 s handshake timeout).
    const results = await Promise.all(ports.flatMap((p) => [closedAfter(p, Buffer.from('GET / HTTP/1.1\r\n\r\n')), closedAfter(p, Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]))]));
    expect(results).toEqual([true, true, true, true]);
    const admin = await cluster.client(n, keys['admin']);
    try {
      expect((await admin.clusterStatus()).nodes).toHaveLength(3);
    } finally {
      admin.close();
    }
  });

  it('vstudio client commands take --tls-dir and --api-key (and say what is wrong without them)', async () => {
    const endpoints = ['--endpoints', cluster.node(1).clientAddress, '--timeout-ms', '5000'];
    const ok = await runCli([...endpoints, '--tls-dir', tlsDir, '--api-key', keys['reader']!, 'collection', 'list', '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { collections: { name: string }[] }).collections.map((c) => c.name).sort()).toEqual(['closed', 'open']);
    const viaEnv = await runCli([...endpoints, 'collection', 'list', '--json'], { env: { VSTUDIO_TLS_DIR: tlsDir, VSTUDIO_API_KEY: keys['limited']! } });
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ collections: [{ name: 'open' }] });
    const plain = await runCli([...endpoints, '--api-key', keys['reader']!, 'collection', 'list']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^UNAVAILABLE: .* serves TLS and this client speaks plaintext: pass --tls-dir/);
    const noKey = await runCli([...endpoints, '--tls-dir', tlsDir, 'collection', 'list']);
    expect(noKey).toMatchObject({ code: 1, stderr: expect.stringMatching(/^UNAUTHENTICATED: this node requires an API key/) as unknown });
    const denied = await runCli([...endpoints, '--tls-dir', tlsDir, '--api-key', keys['reader']!, 'collection', 'drop', 'open']);
    expect(denied).toMatchObject({ code: 1, stderr: expect.stringMatching(/^PERMISSION_DENIED: key "reader" \(role reader\) may not drop collection "open"/) as unknown });
  });

  it('never writes a key into the logs', () => {
    for (const n of cluster.nodes) {
      for (const k of Object.values(keys)) expect(n.output).not.toContain(k.slice(-43));
      expect(n.output).not.toMatch(/vsk_[0-9a-f]{16}_/);
    }
  });
});

describe('a node whose certificate is not signed by the cluster CA', () => {
  it('cannot join: the others refuse it in the handshake, and it never registers', async () => {
    const dir = await tempDir('vstudio-impostor-');
    const tlsDir = join(dir.path, 'tls');
    const foreignDir = join(dir.path, 'foreign');
    await certsInit({ dir: tlsDir, nodes: 3, hosts: ['127.0.0.1'] });
    await certsInit({ dir: foreignDir, nodes: 3, hosts: ['127.0.0.1'] });
    const cluster = await SecureCluster.start({ dir: dir.path, tlsDir, nodes: [{ id: 1 }, { id: 2 }, { id: 3, tlsDir: foreignDir }] });
    try {
      const status = await cluster.waitReady(cluster.node(1), undefined, [1, 2]);
      await new Promise((r) => setTimeout(r, 2_000));
      const later = await cluster.waitReady(cluster.node(1), undefined, [1, 2]);
      for (const s of [status, later]) expect(s.nodes.find((n) => n.id === 3)?.clientAddress ?? '').toBe('');
      expect(cluster.node(3).output).not.toContain('node is ready');
    } finally {
      await cluster.close();
      await dir.remove();
    }
  });
});
