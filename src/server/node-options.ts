import type { NodeId } from '../raft/index.js';

/** How `vstudio serve` runs a node (DESIGN.md §8). */
export interface NodeOptions {
  readonly nodeId: NodeId;
  /** The node's data directory (created if missing). */
  readonly dataDir: string;
  /** Client gRPC address, `host:port`. */
  readonly listen: string;
  /** Peer gRPC address, `host:port`. */
  readonly peerListen: string;
  /**
   * The peer address the other nodes dial (its entry in --initial-cluster), when it differs
   * from `peerListen` (a proxy or NAT in between; etcd's --initial-advertise-peer-urls).
   */
  readonly peerAdvertise?: string;
  /**
   * Addresses to dial peers by, instead of their advertised ones (`--peer-route 2=H:P`): a
   * proxy per directed link, as jepsen-lite and the partition tests place between nodes.
   */
  readonly peerRoutes?: ReadonlyMap<NodeId, string>;
  /**
   * Bootstrap only: every founding node's peer address, this node's included. Ignored (but
   * checked against the stored identity) when the data directory already holds a node.
   */
  readonly initialCluster?: ReadonlyMap<NodeId, string>;
  readonly zone?: string;
  /** `host:port` of the HTTP server for /metrics, /healthz and /readyz. */
  readonly metricsListen?: string;
  /** pino level: trace, debug, info, warn, error, fatal, silent. */
  readonly logLevel?: string;
  /** Default replicas of a new collection (capped by the number of nodes). */
  readonly replicas?: number;
  /** Milliseconds per Raft tick (default 50: heartbeats every tick, elections after 10–20 ticks). */
  readonly tickMs?: number;
  /**
   * A bug planted on purpose, for jepsen-lite's teeth tests only (env VSTUDIO_PLANTED_BUG; after
   * FoundationDB's BUGGIFY): `reads-without-read-index` serves linearizable and lease reads at a
   * node that merely believes it leads, without confirming its leadership.
   */
  readonly plantedBug?: PlantedBug;
  /** `--join`: a running cluster's client address, asked to take this (new) node in. */
  readonly join?: string;
  /**
   * `--manual-placement`: while this node coordinates, it plans nothing by itself (no
   * rebalancing, no repair, no replication-factor convergence); operators started by admin
   * commands (`shard split`, recorded ones) still run. For operators who place replicas by hand
   * (AddNode/RemoveNode), and for tests of those.
   */
  readonly manualPlacement?: boolean;
  /** `--split-above`: the coordinator splits a shard whose estimated size (records × (4·dimension + 64) bytes) exceeds this; absent = never by size. */
  readonly splitAboveBytes?: number;
  /** `--down-after`: the coordinator replaces the replicas of a node unheard for this long (default 60,000 ms). */
  readonly downAfterMs?: number;
  /** Compact a group's log after this many applied entries (default 10,000). */
  readonly compactEveryEntries?: number;
  /**
   * `--tls-dir`: `ca.crt`, `node-<id>.crt` and `node-<id>.key` (`vstudio certs init`). The peer
   * port then requires mutual TLS with a node certificate of the cluster CA, the client port
   * serves TLS (client certificates optional), TLS 1.3 minimum; SIGHUP reloads the files.
   */
  readonly tlsDir?: string;
  /** `--auth-file`: API keys (`vstudio auth add-key`); every client RPC then needs one. Reloaded when it changes and on SIGHUP. */
  readonly authFile?: string;
  /**
   * `--encryption-key-file`: encryption at rest with this key (32 raw bytes or 64 hex
   * characters; docs/security.md). A data directory is encrypted or not from its creation on;
   * the wrong key, or none for an encrypted directory, refuses to start.
   */
  readonly encryptionKeyFile?: string;
  /**
   * `--encryption-previous-key-file` (may repeat): older keys whose values may still be on disk
   * after a key change, until `vstudio encryption rotate` has rewritten them.
   */
  readonly encryptionPreviousKeyFiles?: readonly string[];
  /** `--max-message-bytes`: the largest client request the client port accepts (default 8 MiB); larger ones get RESOURCE_EXHAUSTED. */
  readonly maxMessageBytes?: number;
  /** `--max-concurrent-requests`: requests one client (API key, else IP address) may have in flight on this node (default 256). */
  readonly maxConcurrentRequests?: number;
}

export const PLANTED_BUGS = ['reads-without-read-index'] as const;
export type PlantedBug = (typeof PLANTED_BUGS)[number];

/** Reads the planted bug from the environment (undefined when none); refuses an unknown name. */
export function plantedBugFromEnv(env: NodeJS.ProcessEnv): PlantedBug | undefined {
  const v = env['VSTUDIO_PLANTED_BUG'];
  if (v === undefined || v === '') return undefined;
  if (!(PLANTED_BUGS as readonly string[]).includes(v)) throw new NodeOptionsError('VSTUDIO_PLANTED_BUG', `VSTUDIO_PLANTED_BUG=${v} is not one of ${PLANTED_BUGS.join(', ')}`);
  return v as PlantedBug;
}

export class NodeOptionsError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'NodeOptionsError';
  }
}

const ADDRESS = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** Checks a `host:port` address; `field` names the flag in the error. */
export function parseAddress(field: string, text: string): string {
  const m = ADDRESS.exec(text);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !(port > 0 && port < 65536)) throw new NodeOptionsError(field, `${field}: "${text}" is not host:port`);
  return text;
}

/** Parses `--initial-cluster 1=127.0.0.1:7101,2=127.0.0.1:7102,...`. */
export function parseInitialCluster(text: string): Map<NodeId, string> {
  const out = new Map<NodeId, string>();
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const eq = part.indexOf('=');
    const id = Number(part.slice(0, eq));
    if (eq <= 0 || !Number.isInteger(id) || id < 1 || id > 0xffff_ffff) {
      throw new NodeOptionsError('--initial-cluster', `--initial-cluster: "${part}" is not ID=host:port with ID a positive integer`);
    }
    if (out.has(id)) throw new NodeOptionsError('--initial-cluster', `--initial-cluster: node ${id} is listed twice`);
    out.set(id, parseAddress('--initial-cluster', part.slice(eq + 1)));
  }
  if (out.size === 0) throw new NodeOptionsError('--initial-cluster', '--initial-cluster lists no node');
  return out;
}
