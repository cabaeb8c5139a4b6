/**
 * How a batch of vectors should travel in a protobuf message: `repeated float` (packed, the
 * baseline) or `bytes` holding little-endian float32 (what proto/vstudio/v1 uses). For a batch
 * of 256 vectors at 128-d and 784-d (Fashion-MNIST's dimension) it measures, median of N runs:
 *
 * - encode ms: Float32Array[] → wire buffer, through the serializer @grpc/proto-loader builds
 *   on protobufjs (the exact code grpc-js runs), including the conversion each shape needs
 *   (Array.from for `repeated float`, src/wire/vectors.ts for `bytes`);
 * - decode ms: wire buffer → Float32Array[], the same way back;
 * - round trip ms: a grpc-js unary call on 127.0.0.1 whose server echoes the batch, so each
 *   side encodes and decodes it once;
 * - wire bytes: the serialized batch.
 *
 * Ratios are bytes ÷ repeated float: below 1 means `bytes` is cheaper.
 *
 *   npx tsx bench/vector-encoding.ts [--iterations 30] [--batch 256] [--json] [--out FILE]
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LOADER_OPTIONS } from '../src/wire/proto.js';
import { bytesToVector, vectorToBytes } from '../src/wire/vectors.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DIMENSIONS = [128, 784] as const;

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    batch: { type: 'string', default: '256' },
    json: { type: 'boolean', default: false },
    out: { type: 'string', default: join(HERE, 'results', 'vector-encoding.json') },
  },
});
const iterations = Number(values.iterations);
const warmup = Number(values.warmup);
const batch = Number(values.batch);

/** What one shape costs for one batch. */
interface Figures {
  encodeMs: number;
  decodeMs: number;
  roundTripMs: number;
  wireBytes: number;
}

type Method = protoLoader.MethodDefinition<object, object>;

/** One wire shape: how a batch becomes its message and back, and the echo method that carries it. */
interface Shape {
  readonly name: string;
  readonly method: Method;
  toMessage(vectors: readonly Float32Array[]): object;
  fromMessage(message: object): Float32Array[];
}

const definition = protoLoader.loadSync('encoding.proto', { ...LOADER_OPTIONS, includeDirs: [join(HERE, 'proto')] });
const service = definition['vstudio.bench.v1.EncodingBench'] as protoLoader.ServiceDefinition;

const FLOATS: Shape = {
  name: 'repeated float',
  method: service['EchoFloats'] as Method,
  // protobufjs's fromObject wants a plain array for a repeated field, not a typed array.
  toMessage: (vectors) => ({ vectors: vectors.map((v) => ({ values: Array.from(v) })) }),
  fromMessage: (m) => (m as { vectors: { values: number[] }[] }).vectors.map((v) => Float32Array.from(v.values)),
};

const BYTES: Shape = {
  name: 'bytes (LE float32)',
  method: service['EchoBytes'] as Method,
  toMessage: (vectors) => ({ vectors: vectors.map((v) => ({ values: vectorToBytes(v) })) }),
  fromMessage: (m) => (m as { vectors: { values: Uint8Array }[] }).vectors.map((v) => {
    const out = bytesToVector(v.values);
    if (out === null) throw new Error(`a ${v.values.byteLength}-byte vector is not float32`);
    return out;
  }),
};

/** Deterministic vectors in [-1, 1) from a 32-bit LCG, so every run encodes the same floats. */
function vectorsOf(count: number, dimension: number): Float32Array[] {
  let state = 0x2545f491 ^ dimension;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
  return Array.from({ length: count }, () => Float32Array.from({ length: dimension }, next));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall time of `fn` over the iterations, after the warm-up runs. */
async function timeMs(fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const t0 = performance.now();
    await fn();
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  return median(samples);
}

function sameVectors(a: readonly Float32Array[], b: readonly Float32Array[]): boolean {
  return a.length === b.length && a.every((v, i) => v.length === b[i]!.length && v.every((x, j) => Object.is(x, b[i]![j])));
}

/** An echo server on 127.0.0.1 for both shapes: the handler sends back the decoded request. */
async function startEchoServer(): Promise<{ address: string; server: grpc.Server }> {
  const server = new grpc.Server();
  const echo: grpc.handleUnaryCall<object, object> = (call, callback) => callback(null, call.request);
  server.addService(service as unknown as grpc.ServiceDefinition, { EchoFloats: echo, EchoBytes: echo });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return { address: `127.0.0.1:${port}`, server };
}

function roundTrip(client: grpc.Client, shape: Shape, vectors: readonly Float32Array[]): Promise<Float32Array[]> {
  const { method } = shape;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, shape.toMessage(vectors), (err, res) => {
      if (err !== null) reject(err);
      else if (res === undefined) reject(new Error(`${method.path}: empty response`));
      else resolve(shape.fromMessage(res));
    });
  });
}

async function measure(shape: Shape, vectors: readonly Float32Array[], client: grpc.Client): Promise<Figures> {
  const { method } = shape;
  const wire = method.requestSerialize(shape.toMessage(vectors));
  // A bench of a broken codec would measure nothing: check both paths give the floats back.
  if (!sameVectors(shape.fromMessage(method.requestDeserialize(wire)), vectors)) throw new Error(`${shape.name}: decode differs from the input`);
  if (!sameVectors(await roundTrip(client, shape, vectors), vectors)) throw new Error(`${shape.name}: round trip differs from the input`);
  return {
    encodeMs: await timeMs(() => method.requestSerialize(shape.toMessage(vectors))),
    decodeMs: await timeMs(() => shape.fromMessage(method.requestDeserialize(wire))),
    roundTripMs: await timeMs(() => roundTrip(client, shape, vectors)),
    wireBytes: wire.byteLength,
  };
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
const rounded = (f: Figures): Figures => ({ encodeMs: round(f.encodeMs), decodeMs: round(f.decodeMs), roundTripMs: round(f.roundTripMs), wireBytes: f.wireBytes });

const { address, server } = await startEchoServer();
const client = new grpc.Client(address, grpc.credentials.createInsecure());
const metrics: Record<string, Figures> = {};
const baseline: Record<string, Figures> = {};
const ratios: Record<string, Figures> = {};
try {
  for (const dimension of DIMENSIONS) {
    const vectors = vectorsOf(batch, dimension);
    const floats = await measure(FLOATS, vectors, client);
    const bytes = await measure(BYTES, vectors, client);
    baseline[dimension] = rounded(floats);
    metrics[dimension] = rounded(bytes);
    ratios[dimension] = {
      encodeMs: round(bytes.encodeMs / floats.encodeMs, 4),
      decodeMs: round(bytes.decodeMs / floats.decodeMs, 4),
      roundTripMs: round(bytes.roundTripMs / floats.roundTripMs, 4),
      wireBytes: round(bytes.wireBytes / floats.wireBytes, 4),
    };
  }
} finally {
  client.close();
  server.forceShutdown();
}

const result = {
  suite: 'vector-encoding',
  params: { batch, dimensions: [...DIMENSIONS], iterations, warmup, statistic: 'median', node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
  metrics: { encoding: 'bytes: little-endian float32 per vector', byDimension: metrics },
  baseline: { encoding: 'repeated float (packed) per vector', byDimension: baseline },
  ratios: { of: 'bytes ÷ repeated float (below 1: bytes is cheaper)', byDimension: ratios },
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);

if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows: string[][] = [['dim', 'figure', 'repeated float', 'bytes', 'bytes ÷ float', 'speed-up']];
  for (const d of DIMENSIONS) {
    for (const key of ['encodeMs', 'decodeMs', 'roundTripMs', 'wireBytes'] as const) {
      const f = baseline[d]![key];
      const b = metrics[d]![key];
      rows.push([String(d), key, String(f), String(b), ratios[d]![key].toFixed(4), key === 'wireBytes' ? '' : `${(f / b).toFixed(1)}×`]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write(`vector encoding: batches of ${batch}, median of ${iterations} runs, ${process.version}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  process.stdout.write(`wrote ${values.out}\n`);
}
