import type * as grpc from '@grpc/grpc-js';
import { join } from 'node:path';
import { readdir, rm } from 'node:fs/promises';
import type { AtRestEncryption } from '../store/encryption-at-rest.js';
import type { Message, NodeId } from '../raft/index.js';
import { deserializeChunk, serializeChunk } from '../store/vector/snapshot-stream.js';
import type { InstallSnapshotResponse } from '../wire/gen/vstudio/v1/InstallSnapshotResponse.js';
import type { SnapshotChunk__Output } from '../wire/gen/vstudio/v1/SnapshotChunk.js';
import type { SnapshotOffsetRequest__Output } from '../wire/gen/vstudio/v1/SnapshotOffsetRequest.js';
import type { Logger } from './logger.js';
import { messageFromWire, messageToWire } from './raft-wire.js';
import { ServerError } from './server-error.js';
import { SnapshotSpool } from './snapshot-spool.js';
import type { VectorNode } from './vector-node.js';

/** Attempts of one transfer (each resumes where the last one stopped) before Raft is told it failed. */
const MAX_ATTEMPTS = 5;
const RETRY_DELAY_MS = 200;
/** Deadline of one attempt's stream. */
const ATTEMPT_TIMEOUT_MS = 120_000;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const TRANSFER_ID = /^[0-9a-z-]{1,128}$/;

/**
 * Snapshots of data groups between nodes. The sender spools the state machine's snapshot (a
 * stream of checksummed chunks) to a file, asks the receiver how many chunks it already holds,
 * and streams the rest; the receiver spools them too, and once the last arrives it restores
 * the state machine from its spool and then steps the leader's MsgSnap into its Raft group. A
 * transfer cut by a reconnect resumes at the next chunk on either side.
 */
export class SnapshotTransfers {
  private readonly active = new Set<string>();
  /** Spool files open now (either side): a rotation leaves them to their transfer. */
  private readonly spoolsInUse = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly node: VectorNode,
    private readonly dir: string,
    private readonly logger: Logger,
    /** Encryption at rest: spool frames are sealed (snapshot-spool.ts). */
    private readonly encryption?: AtRestEncryption,
  ) {
    encryption?.register({ name: 'snapshot spools', reencrypt: (progress) => this.discardIdleSpools(progress) });
  }

  private async openSpool(path: string): Promise<SnapshotSpool> {
    this.spoolsInUse.set(path, (this.spoolsInUse.get(path) ?? 0) + 1);
    try {
      return await SnapshotSpool.open(path, this.encryption?.cipher);
    } catch (e) {
      this.releaseSpool(path);
      throw e;
    }
  }

  private releaseSpool(path: string): void {
    const n = (this.spoolsInUse.get(path) ?? 1) - 1;
    if (n <= 0) this.spoolsInUse.delete(path);
    else this.spoolsInUse.set(path, n);
  }

  /**
   * Key rotation: spools are transient copies, so rather than re-encrypting them, the idle ones
   * (a transfer cut off and not resumed) are deleted; a resumed transfer sends them again. A
   * spool in use belongs to a transfer that deletes it when it ends.
   */
  private async discardIdleSpools(progress: (n: number) => void): Promise<void> {
    let removed = 0;
    for (const side of ['in', 'out']) {
      let names: string[];
      try {
        names = await readdir(join(this.dir, side));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      for (const name of names) {
        const path = join(this.dir, side, name);
        if (this.spoolsInUse.has(path)) continue;
        await rm(path, { force: true });
        removed++;
      }
    }
    progress(removed);
  }

  /** Starts sending `m` (a MsgSnap) with its group's state, unless a transfer to that peer is under way. */
  send(groupId: number, m: Message): void {
    const key = `${groupId}/${m.to}`;
    if (this.active.has(key) || this.closed) return;
    this.active.add(key);
    void this.transfer(groupId, m)
      .then(() => this.report(groupId, m.to, true))
      .catch((e: unknown) => {
        this.logger.warn({ event: 'snapshot_send_failed', group: groupId, to: m.to, err: errorText(e) }, 'snapshot transfer failed');
        this.report(groupId, m.to, false);
      })
      .finally(() => this.active.delete(key));
  }

  private report(groupId: number, to: NodeId, ok: boolean): void {
    const r = this.node.replica(groupId);
    if (r === undefined) return;
    void r.raft.run((n) => n.reportSnapshot(to, ok)).catch(() => undefined);
    this.node.scheduler.kick();
  }

  private async transfer(groupId: number, m: Message): Promise<void> {
    const r = this.node.dataReplica(groupId);
    if (r === undefined || m.snapshot === null) throw new ServerError('FAILED_PRECONDITION', `group ${groupId} is not hosted here`);
    const meta = m.snapshot.metadata;
    const started = performance.now();
    const snap = await r.stateMachine.createSnapshot();
    const transferId = `${this.node.id}-${groupId}-${meta.index}-${meta.term}-${snap.appliedIndex}`;
    const outPath = join(this.dir, 'out', transferId);
    const spool = await this.openSpool(outPath);
    try {
      try {
        if (spool.frames === 0) for await (const chunk of snap.chunks()) await spool.append(serializeChunk(chunk));
      } finally {
        await snap.close();
      }
      this.logger.info({ event: 'snapshot_send', group: groupId, to: m.to, index: meta.index, appliedIndex: snap.appliedIndex, chunks: spool.frames }, 'sending snapshot');
      let lastError: unknown = null;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && !this.closed; attempt++) {
        try {
          await this.attempt(groupId, m, transferId, spool);
          this.logger.info({ event: 'snapshot_sent', group: groupId, to: m.to, index: meta.index, ms: Math.round(performance.now() - started) }, 'snapshot delivered');
          return;
        } catch (e) {
          lastError = e;
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (attempt + 1)));
        }
      }
      throw lastError instanceof Error ? lastError : new Error(`snapshot to node ${m.to} not delivered`);
    } finally {
      await spool.discard();
      this.releaseSpool(outPath);
    }
  }

  private async attempt(groupId: number, m: Message, transferId: string, spool: SnapshotSpool): Promise<void> {
    const client = this.node.transport.client(m.to);
    if (client === null) throw new ServerError('UNAVAILABLE', `no address for node ${m.to}`);
    const meta = m.snapshot!.metadata;
    const deadline = new Date(Date.now() + ATTEMPT_TIMEOUT_MS);
    const offset = await new Promise<number>((resolve, reject) => {
      client.SnapshotOffset({ fromNode: this.node.id, groupId, snapshotIndex: meta.index, snapshotTerm: meta.term, transferId }, { deadline }, (err, res) => {
        if (err !== null || res === undefined) reject(err ?? new Error('no response'));
        else resolve(res.nextChunk);
      });
    });
    await new Promise<void>((resolve, reject) => {
      const call = client.InstallSnapshot({ deadline }, (err, res) => {
        if (err !== null || res === undefined) reject(err ?? new Error('no response'));
        else if (!res.installed) reject(new Error(`node ${m.to} did not install the snapshot (it holds ${res.nextChunk} chunks)`));
        else resolve();
      });
      void (async () => {
        const total = spool.frames;
        for (let seq = offset; seq < total; seq++) {
          const data = await spool.read(seq);
          const last = seq === total - 1;
          const ok = call.write({ fromNode: this.node.id, groupId, transferId, seq, last, data, message: last ? messageToWire(m) : null });
          // Flow control: wait for the stream to drain before reading the next chunk.
          if (!ok) await new Promise((res) => call.once('drain', res));
        }
        call.end();
      })().catch((e: unknown) => {
        call.cancel();
        reject(e instanceof Error ? e : new Error(String(e)));
      });
    });
  }

  // ---- receiver ----------------------------------------------------------------------------

  private inPath(transferId: string): string {
    if (!TRANSFER_ID.test(transferId)) throw new ServerError('INVALID_ARGUMENT', `transfer id ${JSON.stringify(transferId)} is malformed`, { field: 'transfer_id' });
    return join(this.dir, 'in', transferId);
  }

  /** How many chunks of a transfer this node already holds. */
  async offset(req: SnapshotOffsetRequest__Output): Promise<number> {
    const path = this.inPath(req.transferId);
    const spool = await this.openSpool(path);
    try {
      return spool.frames;
    } finally {
      await spool.close();
      this.releaseSpool(path);
    }
  }

  /** Receives chunks (resuming a spool), and installs the snapshot when the last one arrives. */
  receive(call: grpc.ServerReadableStream<SnapshotChunk__Output, InstallSnapshotResponse>, callback: grpc.sendUnaryData<InstallSnapshotResponse>): void {
    let spool: SnapshotSpool | null = null;
    let failed = false;
    let chain = Promise.resolve();
    const release = async (discard: boolean): Promise<void> => {
      const s = spool;
      if (s === null) return;
      spool = null;
      try {
        await (discard ? s.discard() : s.close());
      } finally {
        this.releaseSpool(s.path);
      }
    };
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      const err = e instanceof ServerError ? e : new ServerError('INTERNAL', errorText(e));
      callback({ code: err.grpcCode, details: err.message });
    };
    call.on('data', (chunk: SnapshotChunk__Output) => {
      call.pause();
      chain = chain.then(async () => {
        if (failed) return;
        spool ??= await this.openSpool(this.inPath(chunk.transferId));
        if (chunk.seq !== spool.frames) {
          throw new ServerError('ABORTED', `snapshot chunk ${chunk.seq} arrived but ${spool.frames} is next`);
        }
        await spool.append(chunk.data);
        if (chunk.last) {
          if (chunk.message === null) throw new ServerError('INVALID_ARGUMENT', 'the last snapshot chunk carries no message', { field: 'message' });
          await this.install(chunk.groupId, spool, messageFromWire(chunk.message));
          const frames = spool.frames;
          await release(true);
          if (!failed) {
            failed = true;
            callback(null, { nextChunk: frames, installed: true });
          }
        }
      }).catch(fail).finally(() => call.resume());
    });
    call.on('end', () => {
      void chain.then(async () => {
        if (failed) return;
        const frames = spool?.frames ?? 0;
        await release(false);
        failed = true;
        callback(null, { nextChunk: frames, installed: false });
      }).catch(fail);
    });
    call.on('error', () => {
      void chain.then(() => release(false)).catch(() => undefined);
    });
  }

  private async install(groupId: number, spool: SnapshotSpool, m: Message): Promise<void> {
    const g = this.node.map.groups.get(groupId);
    let r = this.node.dataReplica(groupId);
    if (r === undefined && g !== undefined) r = (await this.node.openData(g, false)) ?? undefined;
    if (r === undefined) throw new ServerError('FAILED_PRECONDITION', `group ${groupId} is unknown to node ${this.node.id}'s cluster map`, { retryable: true });
    const started = performance.now();
    const report = await r.stateMachine.restore((async function* () {
      for await (const frame of spool.framesFrom(0)) yield deserializeChunk(frame);
    })());
    r.raft.step(m);
    this.node.scheduler.kick();
    this.logger.info({ event: 'snapshot_received', group: groupId, from: m.from, index: m.snapshot?.metadata.index, appliedIndex: report.appliedIndex, records: report.records, ms: Math.round(performance.now() - started) }, 'restored a snapshot');
  }

  async close(): Promise<void> {
    this.closed = true;
    await rm(join(this.dir, 'out'), { recursive: true, force: true });
  }
}
