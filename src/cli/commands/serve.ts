import { resolve } from 'node:path';
import type { Command } from 'commander';
import { NodeOptionsError, parseAddress, parseInitialCluster, type NodeOptions } from '../../server/node-options.js';
import { describeFailure } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../command-context.js';
import * as parse from '../option-parsers.js';

/** The flags of `vstudio serve` (DESIGN.md §8). */
export interface ServeFlags {
  readonly nodeId?: number;
  readonly data?: string;
  readonly listen?: string;
  readonly peerListen?: string;
  readonly peerAdvertise?: string;
  readonly peerRoute?: readonly string[];
  readonly initialCluster?: string;
  readonly join?: string;
  readonly zone?: string;
  readonly metricsListen?: string;
  readonly logLevel?: string;
  readonly replicas?: number;
  readonly tickMs?: number;
  readonly downAfter?: number;
  readonly manualPlacement?: boolean;
  readonly splitAbove?: number;
  readonly tlsDir?: string;
  readonly authFile?: string;
  readonly encryptionKeyFile?: string;
  readonly encryptionPreviousKeyFile?: readonly string[];
  readonly maxMessageBytes?: number;
  readonly maxConcurrentRequests?: number;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** `--peer-route 2=H:P,3=H:P` (the flag may repeat): where to dial each peer instead of its advertised address. */
export function parsePeerRoutes(values: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const part of values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s.length > 0)) {
    const eq = part.indexOf('=');
    const id = Number(part.slice(0, eq));
    if (eq <= 0 || !Number.isInteger(id) || id < 1 || id > 0xffff_ffff) {
      throw new NodeOptionsError('--peer-route', `--peer-route: "${part}" is not ID=host:port with ID a positive integer`);
    }
    if (out.has(id)) throw new NodeOptionsError('--peer-route', `--peer-route: node ${id} is routed twice`);
    out.set(id, parseAddress('--peer-route', part.slice(eq + 1)));
  }
  return out;
}

/** NodeOptions from the flags; throws UsageError / NodeOptionsError (exit 2). */
export function nodeOptionsFromFlags(flags: ServeFlags, cwd: string): NodeOptions {
  if (flags.nodeId === undefined) throw new NodeOptionsError('--node-id', '--node-id is required');
  if (flags.data === undefined) throw new NodeOptionsError('--data', '--data is required');
  if (flags.listen === undefined) throw new NodeOptionsError('--listen', '--listen is required');
  if (flags.peerListen === undefined) throw new NodeOptionsError('--peer-listen', '--peer-listen is required');
  if (flags.logLevel !== undefined && !LOG_LEVELS.includes(flags.logLevel)) {
    throw new NodeOptionsError('--log-level', `--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${flags.logLevel}"`);
  }
  if (flags.join !== undefined && flags.initialCluster !== undefined) {
    throw new NodeOptionsError('--join', '--join and --initial-cluster exclude each other: found a cluster with --initial-cluster, or join a running one with --join');
  }
  const initialCluster = flags.initialCluster === undefined ? undefined : parseInitialCluster(flags.initialCluster);
  if (initialCluster !== undefined && !initialCluster.has(flags.nodeId)) {
    throw new NodeOptionsError('--initial-cluster', `--initial-cluster does not list this node (--node-id ${flags.nodeId})`);
  }
  return {
    nodeId: flags.nodeId,
    dataDir: resolve(cwd, flags.data),
    listen: parseAddress('--listen', flags.listen),
    peerListen: parseAddress('--peer-listen', flags.peerListen),
    ...(flags.peerAdvertise === undefined ? {} : { peerAdvertise: parseAddress('--peer-advertise', flags.peerAdvertise) }),
    ...(flags.peerRoute === undefined ? {} : { peerRoutes: parsePeerRoutes(flags.peerRoute) }),
    ...(initialCluster === undefined ? {} : { initialCluster }),
    ...(flags.zone === undefined ? {} : { zone: flags.zone }),
    ...(flags.metricsListen === undefined ? {} : { metricsListen: parseAddress('--metrics-listen', flags.metricsListen) }),
    ...(flags.logLevel === undefined ? {} : { logLevel: flags.logLevel }),
    ...(flags.replicas === undefined ? {} : { replicas: flags.replicas }),
    ...(flags.tickMs === undefined ? {} : { tickMs: flags.tickMs }),
    ...(flags.downAfter === undefined ? {} : { downAfterMs: flags.downAfter }),
    ...(flags.manualPlacement === true ? { manualPlacement: true } : {}),
    ...(flags.splitAbove === undefined ? {} : { splitAboveBytes: flags.splitAbove }),
    ...(flags.join === undefined ? {} : { join: flags.join }),
    ...(flags.tlsDir === undefined ? {} : { tlsDir: resolve(cwd, flags.tlsDir) }),
    ...(flags.authFile === undefined ? {} : { authFile: resolve(cwd, flags.authFile) }),
    ...(flags.encryptionKeyFile === undefined ? {} : { encryptionKeyFile: resolve(cwd, flags.encryptionKeyFile) }),
    ...(flags.encryptionPreviousKeyFile === undefined ? {} : { encryptionPreviousKeyFiles: flags.encryptionPreviousKeyFile.map((f) => resolve(cwd, f)) }),
    ...(flags.maxMessageBytes === undefined ? {} : { maxMessageBytes: flags.maxMessageBytes }),
    ...(flags.maxConcurrentRequests === undefined ? {} : { maxConcurrentRequests: flags.maxConcurrentRequests }),
  };
}

/**
 * Runs a node until SIGINT or SIGTERM, then shuts it down (leaderships handed over, data
 * flushed) and ends the process with 0 (1 if the shutdown failed). Later signals are ignored
 * while it shuts down, so that `dev`'s SIGTERM after a terminal's Ctrl-C does not cut it short.
 */
export async function runServe(options: NodeOptions, io: CliIo): Promise<number> {
  const node = await io.process.startNode(options);
  io.stderr.write(`vstudio: node ${node.nodeId} serving clients on ${node.clientAddress}, peers on ${node.peerAddress}\n`);
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const off = io.process.onStopSignal((signal) => {
      if (stopping) return;
      stopping = true;
      io.stderr.write(`vstudio: ${signal}: node ${node.nodeId} shutting down\n`);
      node.shutdown().then(
        () => 0,
        (e: unknown) => {
          io.stderr.write(`${describeFailure(e).line}\n`);
          return 1;
        },
      ).then((code) => {
        off();
        io.process.exit(code);
        resolveExit(code);
      }, () => {});
    });
  });
}

/** `vstudio serve`. */
export function registerServe(program: Command, ctx: CommandContext): void {
  program.command('serve')
    .description('run one node')
    .option('--node-id <id>', 'this node\'s id', parse.nodeId)
    .option('--data <dir>', 'data directory (created if missing)')
    .option('--listen <host:port>', 'client gRPC address')
    .option('--peer-listen <host:port>', 'peer gRPC address')
    .option('--peer-advertise <host:port>', 'the peer address other nodes dial, when not --peer-listen (a proxy or NAT between)')
    .option('--peer-route <id=host:port,...>', 'dial these peers at these addresses (a proxy per link); may repeat',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--initial-cluster <id=host:port,...>', 'bootstrap: every founding node\'s peer address')
    .option('--join <host:port>', 'join a running cluster: any node\'s client address (a new data directory only; VSTUDIO_API_KEY if the cluster has --auth-file)')
    .option('--zone <zone>', 'failure zone')
    .option('--metrics-listen <host:port>', 'HTTP /metrics, /healthz and /readyz')
    .option('--log-level <level>', LOG_LEVELS.join(' | '))
    .option('--replicas <r>', 'default replicas of a new collection', parse.positiveInt, 3)
    .option('--tick-ms <ms>', 'milliseconds per Raft tick', parse.positiveInt)
    .option('--manual-placement', 'while this node coordinates, plan no replica moves by itself (AddNode/RemoveNode by hand); set it on every node')
    .option('--split-above <bytes>', 'split a shard whose estimated size exceeds this (e.g. 256MiB; default: never by size)', parse.byteSize)
    .option('--down-after <duration>', 'replace the replicas of a node unheard for this long (default 60s)', parse.durationMs)
    .option('--tls-dir <dir>', 'ca.crt, node-<id>.crt/.key (vstudio certs init): mutual TLS between peers, TLS for clients; SIGHUP reloads')
    .option('--auth-file <file>', 'API keys (vstudio auth add-key): every client call needs one; reloaded when the file changes')
    .option('--max-message-bytes <n>', 'largest client request (default 8388608)', parse.positiveInt)
    .option('--max-concurrent-requests <n>', 'requests in flight per client (API key, else IP) on this node (default 256)', parse.positiveInt)
    .option('--encryption-key-file <file>', 'encryption at rest (AES-256-GCM) with this key: 32 random bytes (head -c 32 /dev/urandom > FILE) or 64 hex characters')
    .option('--encryption-previous-key-file <file>', 'an older key whose values may still be on disk, until `vstudio encryption rotate` is done; may repeat',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .action(async (_flags: ServeFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServeFlags>();
      const options = nodeOptionsFromFlags(flags, ctx.io.cwd ?? process.cwd());
      ctx.setExitCode(await runServe(options, ctx.io));
    });
}
