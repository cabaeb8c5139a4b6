import { createHash } from 'node:crypto';
import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeId } from '../raft/index.js';
import { NodeOptionsError } from './node-options.js';

/** Who a data directory belongs to: written once at bootstrap, checked at every start. */
export interface NodeIdentity {
  readonly clusterId: string;
  readonly nodeId: NodeId;
  /** The founding nodes' peer addresses; for a node that joined, the members when it joined. */
  readonly initialCluster: ReadonlyMap<NodeId, string>;
  /** Joined a running cluster (`--join`) rather than founding it: it never bootstraps the meta group. */
  readonly joined?: boolean;
}

interface StoredIdentity {
  readonly format: 1;
  readonly clusterId: string;
  readonly nodeId: NodeId;
  readonly initialCluster: Record<string, string>;
  readonly joined?: boolean;
}

const FILE = 'identity.json';

/** Founding nodes agree on the cluster id without talking: it is a hash of the initial cluster. */
export function clusterIdOf(initialCluster: ReadonlyMap<NodeId, string>): string {
  const canonical = [...initialCluster].sort((a, b) => a[0] - b[0]).map(([id, addr]) => `${id}=${addr}`).join(',');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function sameCluster(a: ReadonlyMap<NodeId, string>, b: ReadonlyMap<NodeId, string>): boolean {
  return a.size === b.size && [...a].every(([id, addr]) => b.get(id) === addr);
}

/**
 * Loads the identity stored in `dataDir`, or writes it from the flags on first start. Flags that
 * contradict the stored identity are an error, never a silent change.
 */
export async function loadOrCreateIdentity(dataDir: string, flags: {
  readonly nodeId: NodeId;
  readonly peerListen: string;
  readonly initialCluster?: ReadonlyMap<NodeId, string>;
  /** `--join`: asks a running cluster to take this node in (called only for a new data directory). */
  readonly join?: () => Promise<{ clusterId: string; members: ReadonlyMap<NodeId, string> }>;
}): Promise<{ identity: NodeIdentity; created: boolean }> {
  const path = join(dataDir, FILE);
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== null) {
    const stored = JSON.parse(text) as StoredIdentity;
    const identity: NodeIdentity = {
      clusterId: stored.clusterId, nodeId: stored.nodeId,
      initialCluster: new Map(Object.entries(stored.initialCluster).map(([k, v]) => [Number(k), v])),
      ...(stored.joined === true ? { joined: true } : {}),
    };
    if (flags.nodeId !== identity.nodeId) {
      throw new NodeOptionsError('--node-id', `--node-id ${flags.nodeId} contradicts the data directory ${dataDir}, which belongs to node ${identity.nodeId}`);
    }
    if (flags.initialCluster !== undefined && !sameCluster(flags.initialCluster, identity.initialCluster)) {
      throw new NodeOptionsError('--initial-cluster', `--initial-cluster contradicts the cluster stored in ${dataDir} (${[...identity.initialCluster].map(([i, a]) => `${i}=${a}`).join(',')}); leave it out to restart from the data directory`);
    }
    const ownPeer = identity.initialCluster.get(identity.nodeId);
    if (ownPeer !== undefined && ownPeer !== flags.peerListen) {
      throw new NodeOptionsError('--peer-listen', `--peer-listen ${flags.peerListen} contradicts the peer address ${ownPeer} the cluster knows node ${identity.nodeId} by`);
    }
    return { identity, created: false };
  }
  if (flags.join !== undefined) {
    const joined = await flags.join();
    const identity: NodeIdentity = { clusterId: joined.clusterId, nodeId: flags.nodeId, initialCluster: joined.members, joined: true };
    await writeIdentity(dataDir, identity);
    return { identity, created: true };
  }
  if (flags.initialCluster === undefined) {
    throw new NodeOptionsError('--initial-cluster', `${dataDir} holds no node yet: bootstrap it with --initial-cluster, or join a running cluster with --join`);
  }
  const own = flags.initialCluster.get(flags.nodeId);
  if (own === undefined) throw new NodeOptionsError('--initial-cluster', `--initial-cluster does not list this node (--node-id ${flags.nodeId})`);
  if (own !== flags.peerListen) throw new NodeOptionsError('--peer-listen', `--peer-listen ${flags.peerListen} differs from this node's address ${own} in --initial-cluster`);
  const identity: NodeIdentity = { clusterId: clusterIdOf(flags.initialCluster), nodeId: flags.nodeId, initialCluster: flags.initialCluster };
  await writeIdentity(dataDir, identity);
  return { identity, created: true };
}

async function writeIdentity(dataDir: string, identity: NodeIdentity): Promise<void> {
  const path = join(dataDir, FILE);
  const stored: StoredIdentity = {
    format: 1, clusterId: identity.clusterId, nodeId: identity.nodeId,
    initialCluster: Object.fromEntries([...identity.initialCluster].map(([k, v]) => [String(k), v])),
    ...(identity.joined === true ? { joined: true } : {}),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(`${path}.tmp`, JSON.stringify(stored, null, 2) + '\n', { flag: 'w' });
  await rename(`${path}.tmp`, path);
}
