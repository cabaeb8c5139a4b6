/**
 * `vstudio encryption status|rotate`: encryption at rest is per node (each node has its own
 * data directory and key file), so these commands talk to every endpoint given, one node each,
 * not to "the cluster". List every node in --endpoints (or VSTUDIO_ENDPOINTS).
 */
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Command } from 'commander';
import { statusName, tlsCredentials } from '../../client/index.js';
import { UnaryFailure, unaryCall, type UnaryMethod } from '../../client/unary-call.js';
import { vstudioV1 } from '../../wire/proto.js';
import type { EncryptionStatusResponse__Output } from '../../wire/gen/vstudio/v1/EncryptionStatusResponse.js';
import { CommandError, UsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { resolveEndpoints, type ClientFlags } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';

/** How often a waiting `rotate` asks a node for its progress. */
const POLL_MS = 250;
const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/** One node's answer, as printed with --json. */
export interface NodeEncryptionReport {
  readonly endpoint: string;
  readonly nodeId: number;
  readonly encrypted: boolean;
  readonly keyId: string;
  readonly retiredKeyIds: string[];
  readonly rotation: string;
  readonly phase: string;
  readonly stepsDone: number;
  readonly stepsTotal: number;
  readonly valuesRewritten: number;
  readonly error: string;
}

type Method = UnaryMethod<object, EncryptionStatusResponse__Output>;

/** A channel to one endpoint with the CLI's credentials and key. */
class NodeCaller {
  private readonly client: grpc.Client;
  private readonly metadata = new grpc.Metadata();

  constructor(readonly endpoint: string, credentials: grpc.ChannelCredentials, apiKey: string | undefined, private readonly timeoutMs: number) {
    this.client = new grpc.Client(endpoint, credentials);
    if (apiKey !== undefined && apiKey !== '') this.metadata.set('authorization', `Bearer ${apiKey}`);
  }

  async call(method: Method): Promise<NodeEncryptionReport> {
    try {
      const { response: r } = await unaryCall(this.client, method, {}, this.metadata, Date.now() + this.timeoutMs);
      return {
        endpoint: this.endpoint, nodeId: r.nodeId, encrypted: r.encrypted, keyId: r.keyId, retiredKeyIds: [...r.retiredKeyIds],
        rotation: r.rotation, phase: r.phase, stepsDone: r.stepsDone, stepsTotal: r.stepsTotal, valuesRewritten: r.valuesRewritten, error: r.error,
      };
    } catch (e) {
      if (e instanceof UnaryFailure) throw new CommandError(statusName(e.error.code), `${this.endpoint}: ${e.error.details}`);
      throw e;
    }
  }

  close(): void {
    this.client.close();
  }
}

function callers(flags: ClientFlags, io: CliIo): NodeCaller[] {
  const tlsDir = flags.tlsDir ?? io.env['VSTUDIO_TLS_DIR'];
  let credentials = grpc.credentials.createInsecure();
  if (tlsDir !== undefined && tlsDir !== '') {
    try {
      credentials = tlsCredentials(resolve(io.cwd ?? process.cwd(), tlsDir));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  const apiKey = flags.apiKey ?? io.env['VSTUDIO_API_KEY'];
  return resolveEndpoints(flags, io).map((e) => new NodeCaller(e, credentials, apiKey, flags.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS));
}

function describe(r: NodeEncryptionReport): string {
  const who = `node ${r.nodeId} (${r.endpoint})`;
  if (!r.encrypted) return `${who}: not encrypted at rest`;
  const older = r.retiredKeyIds.length === 0 ? 'none (the current key alone opens everything)' : `${r.retiredKeyIds.join(', ')} (still needed: rotate)`;
  const rotation = r.rotation === 'running' ? `running: ${r.phase} (step ${r.stepsDone + 1}/${Math.max(r.stepsTotal, r.stepsDone + 1)}, ${r.valuesRewritten} values so far)`
    : r.rotation === 'done' ? `done: ${r.valuesRewritten} values re-encrypted in ${r.stepsDone} steps`
      : r.rotation === 'failed' ? `failed: ${r.error}` : 'none since start';
  return `${who}: key ${r.keyId}; older keys: ${older}; rotation ${rotation}`;
}

/** Waits for a node's rotation to end, printing its progress on stderr; returns the final status. */
async function waitRotation(caller: NodeCaller, method: Method, first: NodeEncryptionReport, io: CliIo): Promise<NodeEncryptionReport> {
  let r = first;
  let last = '';
  while (r.rotation === 'running') {
    const line = `node ${r.nodeId}: re-encrypting ${r.phase || '...'} (step ${r.stepsDone + 1}/${Math.max(r.stepsTotal, r.stepsDone + 1)}, ${r.valuesRewritten} values so far)`;
    if (line !== last) {
      // On a terminal the line is redrawn in place; elsewhere (logs, CI) each change is a line.
      io.stderr.write(io.stderr.isTTY === true ? `\r\u001b[2K${line}` : `${line}\n`);
      last = line;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, POLL_MS));
    r = await caller.call(method);
  }
  if (io.stderr.isTTY === true && last !== '') io.stderr.write('\n');
  return r;
}

/** `vstudio encryption status|rotate`. */
export function registerEncryption(program: Command, ctx: CommandContext): void {
  const enc = program.command('encryption').description('encryption at rest of each node given in --endpoints (serve --encryption-key-file)');
  const admin = vstudioV1().AdminService.service;

  enc.command('status')
    .description('each node\'s key id, older keys still needed, and its rotation')
    .action(async (_flags: object, cmd: Command) => {
      const g = clientFlags(cmd);
      const nodes = callers(g, ctx.io);
      try {
        const reports: NodeEncryptionReport[] = [];
        for (const n of nodes) reports.push(await n.call(admin.EncryptionStatus));
        out(ctx, g.json ? jsonLine({ nodes: reports }) : reports.map((r) => `${describe(r)}\n`).join(''));
      } finally {
        for (const n of nodes) n.close();
      }
    });

  enc.command('rotate')
    .description('re-encrypt every stored value under each node\'s current key, in the background while it serves; then older keys are no longer needed')
    .option('--no-wait', 'start the rotations and return')
    .action(async (flags: { wait: boolean }, cmd: Command) => {
      const g = clientFlags(cmd);
      const nodes = callers(g, ctx.io);
      try {
        const reports: NodeEncryptionReport[] = [];
        // One node at a time: a rotation rewrites the node's whole data set.
        for (const n of nodes) {
          const started = await n.call(admin.RotateEncryption);
          reports.push(flags.wait ? await waitRotation(n, admin.EncryptionStatus, started, ctx.io) : started);
        }
        out(ctx, g.json ? jsonLine({ nodes: reports }) : reports.map((r) => `${describe(r)}\n`).join(''));
        const failed = reports.filter((r) => r.rotation === 'failed');
        if (failed.length > 0) throw new CommandError('INTERNAL', failed.map((r) => `node ${r.nodeId}: key rotation failed: ${r.error}`).join('; '));
      } finally {
        for (const n of nodes) n.close();
      }
    });
}
