/**
 * The baseline of the replica move in bench/shard-bench.ts: the raw transfer of the same bytes
 * over a grpc-js client stream between two processes. A receiver process serves one
 * client-streaming method that counts the bytes it gets and answers with the total; a sender
 * process streams `bytes` in chunks of `chunkBytes` (the snapshot chunk size), waiting for
 * 'drain' whenever write() says the stream is full (as the node's snapshot sender does), and
 * reports the time from the call's start to the receiver's answer. No disk, no checksums, no
 * state machine: what moving the bytes alone costs on this machine.
 *
 *   node --import tsx bench/shard/transfer-baseline.ts receiver          → prints LISTENING host:port
 *   node --import tsx bench/shard/transfer-baseline.ts sender '<job>'    → prints {"ms":…,"bytes":…}
 *
 * `runTransferBaseline()` runs both and returns the figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as grpc from '@grpc/grpc-js';

const PATH = '/vstudio.bench.v1.Transfer/Push';
const identity = (b: Buffer): Buffer => b;
const LIMITS = { 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'grpc.max_send_message_length': 64 * 1024 * 1024 };

interface SenderJob {
  readonly target: string;
  readonly bytes: number;
  readonly chunkBytes: number;
}

export interface TransferTrial {
  readonly ms: number;
  readonly bytes: number;
  readonly mbPerSec: number;
}

export interface TransferBaselineResult {
  readonly what: string;
  readonly bytes: number;
  readonly chunkBytes: number;
  readonly trials: readonly TransferTrial[];
  /** Median of the trials. */
  readonly ms: number;
  readonly mbPerSec: number;
}

function receiver(): void {
  const server = new grpc.Server(LIMITS);
  server.addService({
    Push: { path: PATH, requestStream: true, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
  }, {
    Push: (call: grpc.ServerReadableStream<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      let total = 0;
      call.on('data', (b: Buffer) => { total += b.length; });
      call.on('end', () => {
        const out = Buffer.alloc(8);
        out.writeDoubleLE(total, 0);
        callback(null, out);
      });
      call.on('error', () => undefined);
    },
  });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err !== null) {
      process.stderr.write(`[transfer-baseline] ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`LISTENING 127.0.0.1:${port}\n`);
  });
  process.on('SIGTERM', () => {
    server.forceShutdown();
    process.exit(0);
  });
}

async function sender(job: SenderJob): Promise<void> {
  const client = new grpc.Client(job.target, grpc.credentials.createInsecure(), LIMITS);
  await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 10_000, (e) => (e === undefined ? resolve() : reject(e))));
  // Distinct chunk contents (grpc-js copies every write anyway).
  const chunks = Array.from({ length: 4 }, (_, i) => Buffer.alloc(job.chunkBytes, i + 1));
  const t0 = performance.now();
  const received = await new Promise<number>((resolve, reject) => {
    const call = client.makeClientStreamRequest(PATH, identity, identity, { deadline: new Date(Date.now() + 600_000) }, (err: grpc.ServiceError | null, res?: Buffer) => {
      if (err !== null || res === undefined) reject(err ?? new Error('no answer'));
      else resolve(res.readDoubleLE(0));
    });
    void (async () => {
      let sent = 0;
      for (let i = 0; sent < job.bytes; i++) {
        const n = Math.min(job.chunkBytes, job.bytes - sent);
        const buf = n === job.chunkBytes ? chunks[i % chunks.length]! : chunks[0]!.subarray(0, n);
        sent += n;
        if (!call.write(buf)) await new Promise((r) => call.once('drain', r));
      }
      call.end();
    })();
  });
  const ms = performance.now() - t0;
  client.close();
  if (received !== job.bytes) throw new Error(`the receiver counted ${received} bytes of ${job.bytes}`);
  process.stdout.write(`${JSON.stringify({ ms, bytes: received })}\n`);
}

function spawnSelf(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Runs the receiver and `trials` senders (one after the other) in two fresh processes. */
export async function runTransferBaseline(bytes: number, chunkBytes: number, trials = 3): Promise<TransferBaselineResult> {
  const rx = spawnSelf(['receiver']);
  try {
    const target = await new Promise<string>((resolve, reject) => {
      let out = '';
      rx.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /LISTENING (\S+)\n/.exec(out);
        if (m !== null) resolve(m[1]!);
      });
      rx.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)));
    });
    const out: TransferTrial[] = [];
    for (let t = 0; t < trials; t++) {
      const tx = spawnSelf(['sender', JSON.stringify({ target, bytes, chunkBytes } satisfies SenderJob)]);
      const line = await new Promise<string>((resolve, reject) => {
        let text = '';
        tx.stdout!.on('data', (d: Buffer) => { text += d.toString(); });
        tx.once('exit', (code) => (code === 0 ? resolve(text.trim().split('\n').pop() ?? '') : reject(new Error(`the sender exited with ${code}: ${text.slice(-300)}`))));
      });
      const r = JSON.parse(line) as { ms: number; bytes: number };
      out.push({ ms: r.ms, bytes: r.bytes, mbPerSec: r.bytes / 1e6 / (r.ms / 1000) });
    }
    const sorted = [...out].sort((a, b) => a.ms - b.ms);
    const median = sorted[sorted.length >> 1]!;
    return {
      what: 'raw transfer of the same bytes over a grpc-js client stream between two processes (fresh sender process per trial, 1 MiB writes, flow control on drain; the receiver counts and discards: no disk, no checksums, no state machine)',
      bytes, chunkBytes, trials: out, ms: median.ms, mbPerSec: median.mbPerSec,
    };
  } finally {
    if (rx.exitCode === null) {
      const exited = new Promise((r) => rx.once('exit', r));
      rx.kill('SIGTERM');
      await exited;
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const role = process.argv[2];
  if (role === 'receiver') receiver();
  else if (role === 'sender') {
    sender(JSON.parse(process.argv[3] ?? '{}') as SenderJob).then(() => process.exit(0), (e: unknown) => {
      process.stderr.write(`[transfer-baseline] ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
  } else {
    const r = await runTransferBaseline(Number(process.argv[2] ?? 400 * 1024 * 1024), 1024 * 1024);
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  }
}
