/**
 * Hostile input against a real node process (fast-check, one seed per run: test/setup/fast-check.ts).
 * Every request below is invalid in at least one field: each must be refused with
 * INVALID_ARGUMENT or RESOURCE_EXHAUSTED naming the field, the node must stay up, and a
 * checksum of the stored data must not change. Then garbage bytes and truncated HTTP/2 frames
 * on the client and peer ports: the connection is closed, the node keeps serving.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vstudioV1 } from '../../src/wire/proto.js';
import { FIELD_METADATA_KEY } from '../../src/wire/metadata.js';
import { vectorToBytes } from '../../src/wire/vectors.js';
import { TestCluster, type TestNode } from '../cluster/support/test-cluster.js';

const DIM = 4;
const COLLECTION = 'fuzz';
const SEEDED = Array.from({ length: 20 }, (_, i) => `seed-${i}`);
const RUNS = 40;

type Call = { code: number; details: string; field: string | undefined };

/** One unary call with raw request bytes (so that anything can be sent). */
function rawCall(address: string, path: string, bytes: Buffer, timeoutMs = 10_000): Promise<Call> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 });
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, bytes, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err) => {
      client.close();
      const field = err?.metadata?.get(FIELD_METADATA_KEY)[0];
      resolve({ code: err?.code ?? grpc.status.OK, details: err?.details ?? '', field: field === undefined ? undefined : String(field) });
    });
  });
}

const v1 = vstudioV1();
const vectorService = v1.VectorService.service;

function encode(method: keyof typeof vectorService, request: object): Buffer {
  return (vectorService[method]!.requestSerialize as (r: object) => Buffer)(request);
}

function path(method: keyof typeof vectorService): string {
  return vectorService[method]!.path;
}

/** Refused as bad input, naming the field: the code, and the trailer or the message. */
function expectRefused(r: Call, field: RegExp, what: string): void {
  const ok = (r.code === grpc.status.INVALID_ARGUMENT || r.code === grpc.status.RESOURCE_EXHAUSTED) && (field.test(r.field ?? '') || field.test(r.details));
  if (!ok) throw new Error(`${what}: expected INVALID_ARGUMENT/RESOURCE_EXHAUSTED naming ${String(field)}, got ${grpc.status[r.code]} "${r.details}" (field ${r.field ?? '-'})`);
}

function floats(values: readonly number[]): Uint8Array {
  return vectorToBytes(values);
}

// ---- generators of bad fields --------------------------------------------------------------

const badVector = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }).filter((b) => b.length % 4 !== 0),
  fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 0, maxLength: 12 }).filter((a) => a.length !== DIM).map(floats),
  fc.tuple(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: DIM - 1, maxLength: DIM - 1 }), fc.constantFrom(NaN, Infinity, -Infinity), fc.nat(DIM - 1))
    .map(([a, bad, at]) => floats([...a.slice(0, at), bad, ...a.slice(at)])),
);

type Struct = { fields: Record<string, unknown> };
function deepStruct(depth: number): Struct {
  let s: Struct = { fields: { leaf: { numberValue: 1 } } };
  for (let i = 0; i < depth; i++) s = { fields: { d: { structValue: s } } };
  return s;
}

const badPayload = fc.oneof(
  fc.integer({ min: 33, max: 40 }).map(deepStruct),
  fc.integer({ min: 65 * 1024, max: 512 * 1024 }).map((n) => ({ fields: { big: { stringValue: 'x'.repeat(n) } } })),
  fc.constantFrom(NaN, Infinity, -Infinity).map((x) => ({ fields: { n: { numberValue: x } } })),
);

const badId = fc.oneof(fc.constant(''), fc.integer({ min: 257, max: 5000 }).map((n) => 'i'.repeat(n)));

const goodItem = fc.integer({ min: 0, max: 1_000_000 }).map((n) => ({ record: { id: `fz-${n}`, vector: floats([n, 1, 2, 3]) } }));

const badItem = fc.oneof(
  badVector.map((vector) => ({ item: { record: { id: 'bad', vector } }, field: /vector/ })),
  badId.map((id) => ({ item: { record: { id, vector: floats([1, 2, 3, 4]) } }, field: /\bid\b|items\[\d+\]/ })),
  badPayload.map((payload) => ({ item: { record: { id: 'bad', vector: floats([1, 2, 3, 4]), payload } }, field: /payload/ })),
  fc.constant({ item: {}, field: /record/ }),
);

const badFilter = fc.oneof(
  fc.constant({ fields: { must: { numberValue: 5 } } }),
  fc.constant({ fields: { bogus: { listValue: { values: [] } } } }),
  fc.constant({ fields: { key: { numberValue: 1 } } }),
  // Deeper than 4 levels of nested filters (the innermost condition is not a level).
  fc.integer({ min: 6, max: 10 }).map((d) => {
    let f: Struct = { fields: { key: { stringValue: 'a' }, match: { structValue: { fields: { value: { numberValue: 1 } } } } } };
    for (let i = 0; i < d; i++) f = { fields: { must: { listValue: { values: [{ structValue: f }] } } } };
    return f;
  }),
);

// ---- the node and the checksum -----------------------------------------------------------------

describe('hostile input against a real node', () => {
  let cluster: TestCluster;
  let node: TestNode;
  let before: string;

  async function checksum(): Promise<string> {
    const c = node.client;
    const got = await c.call<{ records: { id: string; vector: Buffer; payload: unknown; version: unknown }[]; missing: string[] }>((o, cb) => c.vector.Get({ collection: COLLECTION, ids: SEEDED }, o, cb));
    const n = await c.call<{ count: unknown }>((o, cb) => c.vector.Count({ collection: COLLECTION }, o, cb));
    const list = await c.call<{ collections: { name: string }[] }>((o, cb) => c.vector.ListCollections({}, o, cb));
    const h = createHash('sha256');
    for (const r of got.records) h.update(JSON.stringify([r.id, Buffer.from(r.vector).toString('hex'), r.payload, String(r.version)]));
    h.update(JSON.stringify([got.missing, String(n.count), list.collections.map((x) => x.name).sort()]));
    return h.digest('hex');
  }

  beforeAll(async () => {
    cluster = await TestCluster.start({ nodes: 1 });
    node = cluster.node(1);
    const c = node.client;
    await c.call((o, cb) => c.vector.CreateCollection({ name: COLLECTION, dimension: DIM }, o, cb), 20_000);
    await c.call((o, cb) => c.vector.Upsert({
      collection: COLLECTION,
      items: SEEDED.map((id, i) => ({ record: { id, vector: floats([i, i + 1, i + 2, i + 3]), payload: { fields: { i: { numberValue: i }, tag: { stringValue: `t${i % 3}` } } } } })),
    }, o, cb));
    before = await checksum();
  });

  afterAll(async () => {
    await cluster?.close();
  });

  async function stillUp(): Promise<void> {
    expect(node.running).toBe(true);
    expect(await checksum()).toBe(before);
  }

  it('Upsert: a batch with bad items (vectors, ids, payloads, missing records) is refused whole', async () => {
    await fc.assert(fc.asyncProperty(fc.array(goodItem, { maxLength: 3 }), fc.array(badItem, { minLength: 1, maxLength: 2 }), fc.nat(), async (good, bad, at) => {
      const items: object[] = [...good];
      for (const b of bad) items.splice(at % (items.length + 1), 0, b.item);
      const r = await rawCall(node.clientAddress, path('Upsert'), encode('Upsert', { collection: COLLECTION, items }));
      expectRefused(r, /items(\[\d+\])?/, 'Upsert');
    }), { numRuns: RUNS });
    await stillUp();
  });

  it('Upsert: ids that are not UTF-8 are refused', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 32 }).filter((b) => !isUtf8(b)), async (idBytes) => {
      const w = protobuf.Writer.create();
      w.uint32((1 << 3) | 2).string(COLLECTION);
      const record = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(idBytes).uint32((2 << 3) | 2).bytes(floats([1, 2, 3, 4])).finish();
      const item = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(record).finish();
      w.uint32((2 << 3) | 2).bytes(item);
      const r = await rawCall(node.clientAddress, path('Upsert'), Buffer.from(w.finish()));
      expectRefused(r, /items\[0\]\.record\.id/, 'Upsert with a non-UTF-8 id');
    }), { numRuns: 20 });
    await stillUp();
  });

  it('Upsert: payloads nested hundreds of levels deep (raw bytes) are refused, the decoder does not overflow', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 65, max: 3000 }), async (depth) => {
      // Struct{fields: {"d": Value{struct_value: Struct{...}}}}, built inside out.
      let struct = protobuf.Writer.create().finish();
      for (let i = 0; i < depth; i++) {
        const value = protobuf.Writer.create().uint32((5 << 3) | 2).bytes(struct).finish();
        const entry = protobuf.Writer.create().uint32((1 << 3) | 2).string('d').uint32((2 << 3) | 2).bytes(value).finish();
        struct = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(entry).finish();
      }
      const record = protobuf.Writer.create().uint32((1 << 3) | 2).string('deep').uint32((2 << 3) | 2).bytes(floats([1, 2, 3, 4])).uint32((3 << 3) | 2).bytes(struct).finish();
      const item = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(record).finish();
      const req = protobuf.Writer.create().uint32((1 << 3) | 2).string(COLLECTION).uint32((2 << 3) | 2).bytes(item).finish();
      expectRefused(await rawCall(node.clientAddress, path('Upsert'), Buffer.from(req)), /payload|request/, `Upsert with a payload ${depth} deep`);
    }), { numRuns: 10 });
    await stillUp();
  });

  it('Upsert and Delete: empty batches and batches over the limit are refused', async () => {
    expectRefused(await rawCall(node.clientAddress, path('Upsert'), encode('Upsert', { collection: COLLECTION, items: [] })), /items/, 'empty upsert');
    expectRefused(await rawCall(node.clientAddress, path('Delete'), encode('Delete', { collection: COLLECTION, items: [] })), /items/, 'empty delete');
    const many = Array.from({ length: 1025 }, (_, i) => ({ record: { id: `fz-many-${i}`, vector: floats([i, 0, 0, 0]) } }));
    expectRefused(await rawCall(node.clientAddress, path('Upsert'), encode('Upsert', { collection: COLLECTION, items: many })), /items/, '1025 upserts');
    const manyDeletes = Array.from({ length: 1025 }, (_, i) => ({ id: SEEDED[i % SEEDED.length] }));
    expectRefused(await rawCall(node.clientAddress, path('Delete'), encode('Delete', { collection: COLLECTION, items: manyDeletes })), /items/, '1025 deletes');
    await stillUp();
  });

  it('Delete: bad ids are refused, none of the batch is applied', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...SEEDED), { maxLength: 3 }), badId, fc.nat(), async (good, bad, at) => {
      const items = good.map((id) => ({ id }));
      items.splice(at % (items.length + 1), 0, { id: bad });
      expectRefused(await rawCall(node.clientAddress, path('Delete'), encode('Delete', { collection: COLLECTION, items })), /items\[\d+\]/, 'Delete');
    }), { numRuns: RUNS });
    await stillUp();
  });

  it('Search: k of 0 or up to 2^32-1, huge ef, bad vectors and filters are refused naming the field', async () => {
    const ok = floats([1, 2, 3, 4]);
    const bad = fc.oneof(
      fc.oneof(fc.constant(0), fc.integer({ min: 1025, max: 0xffff_ffff }), fc.constant(1e9)).map((k) => ({ req: { vector: ok, k }, field: /\bk\b/ })),
      fc.integer({ min: 16_385, max: 0xffff_ffff }).map((ef) => ({ req: { vector: ok, k: 5, ef }, field: /\bef\b/ })),
      badVector.map((vector) => ({ req: { vector, k: 5 }, field: /vector/ })),
      badFilter.map((filter) => ({ req: { vector: ok, k: 5, filter }, field: /filter/ })),
    );
    await fc.assert(fc.asyncProperty(bad, async ({ req, field }) => {
      expectRefused(await rawCall(node.clientAddress, path('Search'), encode('Search', { collection: COLLECTION, ...req })), field, `Search ${JSON.stringify(req).slice(0, 200)}`);
    }), { numRuns: RUNS });
    await stillUp();
  });

  it('Get: bad ids and too many ids are refused', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...SEEDED), { maxLength: 3 }), badId, async (good, bad) => {
      expectRefused(await rawCall(node.clientAddress, path('Get'), encode('Get', { collection: COLLECTION, ids: [...good, bad] })), /ids/, 'Get');
    }), { numRuns: 20 });
    await stillUp();
  });

  it('CreateCollection: bad names, dimensions and index parameters are refused, nothing is created', async () => {
    const bad = fc.oneof(
      fc.oneof(fc.constant(''), fc.constant('a b'), fc.constant('../x'), fc.integer({ min: 200, max: 2000 }).map((n) => 'n'.repeat(n))).map((name) => ({ req: { name, dimension: 4 }, field: /name/ })),
      fc.oneof(fc.constant(0), fc.integer({ min: 65_537, max: 0xffff_ffff })).map((dimension) => ({ req: { name: 'fz-new', dimension }, field: /dimension/ })),
      fc.integer({ min: 129, max: 0xffff_ffff }).map((m) => ({ req: { name: 'fz-new', dimension: 4, m }, field: /\bm\b/ })),
      fc.integer({ min: 4097, max: 0xffff_ffff }).map((efConstruction) => ({ req: { name: 'fz-new', dimension: 4, efConstruction }, field: /ef_?[cC]onstruction/ })),
      fc.string({ minLength: 1, maxLength: 10 }).filter((s) => !['consistent', 'hash', 'range'].includes(s)).map((sharding) => ({ req: { name: 'fz-new', dimension: 4, sharding }, field: /sharding/ })),
    );
    await fc.assert(fc.asyncProperty(bad, async ({ req, field }) => {
      expectRefused(await rawCall(node.clientAddress, path('CreateCollection'), encode('CreateCollection', req)), field, `CreateCollection ${JSON.stringify(req).slice(0, 120)}`);
    }), { numRuns: RUNS });
    await stillUp();
  });

  it('a message over the gRPC maximum is refused with RESOURCE_EXHAUSTED', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 7);
    const w = protobuf.Writer.create().uint32((1 << 3) | 2).string(COLLECTION).uint32((2 << 3) | 2).bytes(big);
    const r = await rawCall(node.clientAddress, path('Search'), Buffer.from(w.finish()));
    expect(grpc.status[r.code]).toBe('RESOURCE_EXHAUSTED');
    await stillUp();
  });

  it('bytes that are not the request message (wrong wire types, garbage) get INVALID_ARGUMENT or a clean refusal, never INTERNAL', async () => {
    const methods = ['Upsert', 'Delete', 'Get', 'Search', 'Count', 'CreateCollection', 'DropCollection', 'DescribeCollection'] as const;
    const typeConfusion = fc.constantFrom(
      // collection (string) as a varint; k (uint32) as bytes; items as a fixed64; a truncated length.
      Buffer.from([0x08, 0x96, 0x01]), Buffer.from([0x1a, 0x03, 0x01, 0x02, 0x03]), Buffer.from([0x11, 1, 2, 3, 4, 5, 6, 7, 8]),
      Buffer.from([0x0a, 0x7f, 0x61]), Buffer.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]), Buffer.from([0xff, 0xff, 0xff]),
    );
    await fc.assert(fc.asyncProperty(fc.constantFrom(...methods), fc.oneof(typeConfusion, fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b))), async (method, bytes) => {
      const r = await rawCall(node.clientAddress, path(method), bytes);
      if (r.code === grpc.status.INTERNAL || r.code === grpc.status.UNKNOWN || r.code === grpc.status.OK && method !== 'Count' && method !== 'DescribeCollection' && method !== 'Get') {
        throw new Error(`${method} with ${bytes.toString('hex')}: ${grpc.status[r.code]} "${r.details}"`);
      }
    }), { numRuns: 60 });
    await stillUp();
  });

  async function closedAfter(port: number, bytes: Buffer, end: boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const s: Socket = connect(port, '127.0.0.1', () => {
        s.write(bytes);
        if (end) s.end();
      });
      const timer = setTimeout(() => { s.destroy(); resolve(false); }, 15_000);
      s.on('data', () => undefined);
      s.on('error', () => undefined);
      s.on('close', () => { clearTimeout(timer); resolve(true); });
    });
  }

  it('garbage bytes and truncated HTTP/2 frames on the client and peer ports: connection closed, node up', async () => {
    const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    const ports = [node.clientPort, node.peerPort];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...ports), fc.uint8Array({ minLength: 1, maxLength: 512 }), async (port, garbage) => {
      if (!await closedAfter(port, Buffer.from(garbage), false)) throw new Error(`port ${port === node.peerPort ? 'peer' : 'client'}: still open 5 s after ${Buffer.from(garbage).toString('hex')}`);
    }), { numRuns: 20 });
    // A frame header announcing 64 KiB, then a few bytes and a half-close; a HEADERS frame with a broken HPACK block.
    const truncated = Buffer.concat([PREFACE, Buffer.from([0x00, 0xff, 0xff, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3])]);
    const badHeaders = Buffer.concat([PREFACE, Buffer.from([0, 0, 0, 0x04, 0, 0, 0, 0, 0]), Buffer.from([0, 0, 4, 0x01, 0x05, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff])]);
    // A silent half-frame is closed by the server's keepalive (no ping answer within 5 + 5 s).
    const closed = await Promise.all(ports.flatMap((port) => [closedAfter(port, truncated, true), closedAfter(port, truncated, false), closedAfter(port, badHeaders, false)]));
    expect(closed).toEqual([true, true, true, true, true, true]);
    await stillUp();
  });
});

function isUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
