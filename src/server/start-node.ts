import type { NodeOptions } from './node-options.js';

/** A node running in this process. */
export interface RunningNode {
  readonly nodeId: number;
  /** The bound client address (`host:port`; the port is the real one when 0 was asked). */
  readonly clientAddress: string;
  readonly peerAddress: string;
  /** Transfers leaderships away, flushes, and closes (what SIGTERM does). */
  shutdown(): Promise<void>;
}

/** Starts a node: opens (or bootstraps) its data directory, joins its peers, serves gRPC. */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  throw new Error(`node ${options.nodeId}: the server is being built`);
}
