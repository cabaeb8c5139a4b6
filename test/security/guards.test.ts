/** The client port's guards in isolation: roles × RPCs, collection limits, requests in flight per client, undecodable requests. */
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../../src/security/api-keys.js';
import { authorize } from '../../src/server/auth-policy.js';
import { tolerantDeserializers, vectorServiceHandlers } from '../../src/server/grpc-services.js';
import { ServerError } from '../../src/server/server-error.js';
import { vstudioV1 } from '../../src/wire/proto.js';

const who = (role: Role, collections?: string[]): Principal => ({ id: '0123456789abcdef', name: 'k', role, collections: collections === undefined ? null : new Set(collections) });

function refusal(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof ServerError ? `${e.code}: ${e.message}` : String(e);
  }
}

describe('authorize', () => {
  const reads = ['Get', 'Search', 'Count', 'DescribeCollection', 'ListCollections', 'ClusterStatus'];
  const writes = ['Upsert', 'Delete'];
  const admin = ['CreateCollection', 'DropCollection', 'TransferLeader', 'AddNode', 'RemoveNode'];

  it('gives each role exactly its RPCs', () => {
    for (const m of reads) for (const r of ['reader', 'writer', 'admin'] as const) expect(refusal(() => authorize(who(r), m, 'c'))).toBeNull();
    for (const m of writes) {
      expect(refusal(() => authorize(who('reader'), m, 'c'))).toMatch(/^PERMISSION_DENIED: key "k" \(role reader\) may not (upsert|delete) on collection "c": that needs role writer$/);
      expect(refusal(() => authorize(who('writer'), m, 'c'))).toBeNull();
    }
    for (const m of admin) {
      expect(refusal(() => authorize(who('writer'), m, 'c'))).toMatch(/^PERMISSION_DENIED: .* needs role admin$/);
      expect(refusal(() => authorize(who('admin'), m, 'c'))).toBeNull();
    }
    expect(refusal(() => authorize(who('admin'), 'peer.Propose', null))).toMatch(/^PERMISSION_DENIED/);
  });

  it('limits a key to its collections; cluster-wide admin needs an unlimited key', () => {
    expect(refusal(() => authorize(who('admin', ['a']), 'Upsert', 'a'))).toBeNull();
    expect(refusal(() => authorize(who('admin', ['a']), 'DropCollection', 'b'))).toMatch(/may not drop collection "b": it is limited to collections a/);
    expect(refusal(() => authorize(who('reader', ['a']), 'ListCollections', null))).toBeNull();
    expect(refusal(() => authorize(who('admin', ['a']), 'TransferLeader', null))).toMatch(/cluster-wide action/);
  });
});

describe('the unary wrapper', () => {
  interface Pending { resolve(n: number): void }
  function setup(limit: number) {
    const pending: Pending[] = [];
    const ctx = {
      node: { map: { collections: new Map(), nodes: new Map() }, leaderOf: () => 0 },
      router: { count: () => new Promise<number>((resolve) => pending.push({ resolve })) },
      logger: { error: () => undefined },
      metrics: { observeRpc: () => undefined },
      maxConcurrentRequestsPerClient: limit,
    };
    const handlers = vectorServiceHandlers(ctx as unknown as Parameters<typeof vectorServiceHandlers>[0]);
    const count = (peer: string, request: unknown = { collection: 'c' }): Promise<{ code: number; details: string }> => new Promise((resolve) => {
      const call = { request, metadata: new grpc.Metadata(), getDeadline: () => Infinity, getPeer: () => peer };
      (handlers.Count as unknown as (c: unknown, cb: (err: { code: number; details: string } | null) => void) => void)(call, (err) => resolve(err ?? { code: 0, details: '' }));
    });
    return { pending, count };
  }

  it('refuses requests beyond the limit in flight per client with RESOURCE_EXHAUSTED, and admits more once they finish', async () => {
    const { pending, count } = setup(2);
    const first = [count('ipv4:10.0.0.1:5000'), count('ipv4:10.0.0.1:5001')];
    expect(await count('ipv4:10.0.0.1:5002')).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: expect.stringMatching(/2 requests in flight.*limit 2/) as unknown });
    const other = count('ipv4:10.0.0.2:5000');
    await new Promise((r) => setImmediate(r));
    expect(pending).toHaveLength(3);
    for (const p of pending.splice(0)) p.resolve(1);
    expect(await Promise.all([...first, other])).toEqual([{ code: 0, details: '' }, { code: 0, details: '' }, { code: 0, details: '' }]);
    const again = count('ipv4:10.0.0.1:5003');
    await new Promise((r) => setImmediate(r));
    pending.splice(0).forEach((p) => p.resolve(1));
    expect(await again).toEqual({ code: 0, details: '' });
  });

  it('answers an undecodable request with INVALID_ARGUMENT, not INTERNAL', async () => {
    // protobufjs is lenient; what it refuses (e.g. nesting past its depth limit) makes its decoder throw.
    const real = vstudioV1().VectorService.service;
    const service = tolerantDeserializers({ ...real, Count: { ...real.Count!, requestDeserialize: (_bytes: Buffer) => { throw new Error('maximum nesting depth exceeded'); } } });
    const decoded = service.Count!.requestDeserialize(Buffer.from([0x0a]));
    const { count } = setup(10);
    expect(await count('ipv4:10.0.0.1:1', decoded)).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/^the request is not a valid Count request message/) as unknown });
  });
});
