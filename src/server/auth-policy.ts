/**
 * Who may call what on the client port (`serve --auth-file`), and the peer port's rule (a node
 * certificate, nothing else).
 */
import { watchFile, unwatchFile } from 'node:fs';
import type { PeerCertificate } from 'node:tls';
import type * as grpc from '@grpc/grpc-js';
import { ApiKeyStore, readKeyFileSync, type Principal, type Role } from '../security/api-keys.js';
import { isNodeCertificate, nodeIdOfCertificate } from '../security/tls-files.js';
import type { Logger } from './logger.js';
import { ServerError } from './server-error.js';

/** The least role each client RPC needs, and the action named in PERMISSION_DENIED. */
const RPC_RULES: Readonly<Record<string, { role: Role; action: string; scope: 'collection' | 'cluster' }>> = {
  Get: { role: 'reader', action: 'get', scope: 'collection' },
  Search: { role: 'reader', action: 'search', scope: 'collection' },
  Count: { role: 'reader', action: 'count', scope: 'collection' },
  DescribeCollection: { role: 'reader', action: 'describe', scope: 'collection' },
  ListCollections: { role: 'reader', action: 'list', scope: 'cluster' },
  ClusterStatus: { role: 'reader', action: 'status', scope: 'cluster' },
  Upsert: { role: 'writer', action: 'upsert', scope: 'collection' },
  Delete: { role: 'writer', action: 'delete', scope: 'collection' },
  CreateCollection: { role: 'admin', action: 'create collection', scope: 'collection' },
  DropCollection: { role: 'admin', action: 'drop collection', scope: 'collection' },
  TransferLeader: { role: 'admin', action: 'transfer leader', scope: 'cluster' },
  AddNode: { role: 'admin', action: 'add node', scope: 'cluster' },
  RemoveNode: { role: 'admin', action: 'remove node', scope: 'cluster' },
  UpdateCollection: { role: 'admin', action: 'update collection', scope: 'collection' },
  SetNodeState: { role: 'admin', action: 'set node state', scope: 'cluster' },
  ListOperators: { role: 'reader', action: 'list operators', scope: 'cluster' },
  JoinCluster: { role: 'admin', action: 'join a node', scope: 'cluster' },
  Reshard: { role: 'admin', action: 'reshard a collection', scope: 'cluster' },
  MoveReplica: { role: 'admin', action: 'move a replica', scope: 'cluster' },
  RotateEncryption: { role: 'admin', action: 'rotate encryption keys', scope: 'cluster' },
  EncryptionStatus: { role: 'admin', action: 'read encryption status', scope: 'cluster' },
};

/** Cluster-wide reads a collection-limited key may still make (ListCollections is filtered to its collections). */
const LIMITED_KEY_CLUSTER_READS = new Set(['ListCollections', 'ClusterStatus']);

const RANK: Readonly<Record<Role, number>> = { reader: 0, writer: 1, admin: 2 };

export const AUTHORIZATION_METADATA_KEY = 'authorization';

/**
 * The API keys of `--auth-file`, reloaded when the file changes (polled every second, so an
 * editor's atomic rename is seen too) and on SIGHUP. A file that no longer parses keeps the
 * keys in force and logs a warning.
 */
export class ApiKeyAuthority {
  private store: ApiKeyStore;
  private watching = false;

  constructor(private readonly path: string, private readonly logger: Logger) {
    this.store = new ApiKeyStore(readKeyFileSync(path));
  }

  get keyCount(): number {
    return this.store.size;
  }

  reload(): void {
    try {
      this.store = new ApiKeyStore(readKeyFileSync(this.path));
      this.logger.info({ event: 'auth_reloaded', file: this.path, keys: this.store.size }, 'API keys reloaded');
    } catch (e) {
      this.logger.warn({ event: 'auth_reload_failed', file: this.path, err: e instanceof Error ? e.message : String(e) }, 'the key file does not parse: the previous keys stay in force');
    }
  }

  watch(intervalMs = 1_000): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.path, { interval: intervalMs, persistent: false }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.ino !== prev.ino || cur.size !== prev.size) this.reload();
    });
  }

  close(): void {
    if (this.watching) unwatchFile(this.path);
    this.watching = false;
  }

  /** The caller's principal from `authorization: Bearer <key>`; UNAUTHENTICATED otherwise. */
  authenticate(metadata: grpc.Metadata): Principal {
    const values = metadata.get(AUTHORIZATION_METADATA_KEY);
    if (values.length === 0) throw new ServerError('UNAUTHENTICATED', 'this node requires an API key: send "authorization: Bearer <key>" (vstudio --api-key, env VSTUDIO_API_KEY)', { field: AUTHORIZATION_METADATA_KEY });
    const value = values[0];
    const m = typeof value === 'string' ? /^Bearer +(\S+)$/i.exec(value.trim()) : null;
    if (values.length > 1 || m === null) throw new ServerError('UNAUTHENTICATED', 'the authorization metadata must be one "Bearer <key>"', { field: AUTHORIZATION_METADATA_KEY });
    const principal = this.store.verify(m[1]!);
    if (principal === null) throw new ServerError('UNAUTHENTICATED', 'unknown API key (revoked, mistyped, or from another cluster)', { field: AUTHORIZATION_METADATA_KEY });
    return principal;
  }
}

/** Refuses `method` on `collection` (null: not about one collection) for `who`: PERMISSION_DENIED naming the action. */
export function authorize(who: Principal, method: string, collection: string | null): void {
  const rule = RPC_RULES[method];
  if (rule === undefined) throw new ServerError('PERMISSION_DENIED', `key "${who.name}" may not call ${method}`);
  const on = collection === null || rule.scope !== 'collection' ? '' : rule.action.endsWith('collection') ? ` "${collection}"` : ` on collection "${collection}"`;
  if (RANK[who.role] < RANK[rule.role]) {
    throw new ServerError('PERMISSION_DENIED', `key "${who.name}" (role ${who.role}) may not ${rule.action}${on}: that needs role ${rule.role}`);
  }
  if (who.collections === null) return;
  if (rule.scope === 'cluster') {
    if (LIMITED_KEY_CLUSTER_READS.has(method)) return;
    throw new ServerError('PERMISSION_DENIED', `key "${who.name}" is limited to collections ${[...who.collections].join(', ')}: it may not ${rule.action} (a cluster-wide action)`);
  }
  if (collection === null || !who.collections.has(collection)) {
    throw new ServerError('PERMISSION_DENIED', `key "${who.name}" may not ${rule.action}${on}: it is limited to collections ${[...who.collections].join(', ')}`);
  }
}

/**
 * The peer port's rule with mutual TLS: the caller's certificate (verified by the handshake)
 * must be a node certificate of the cluster; a client certificate signed by the same CA is not
 * enough, and API keys count for nothing here. Returns the node id of the certificate.
 */
export function authorizePeer(call: { getAuthContext(): { sslPeerCertificate?: PeerCertificate } }): number {
  const cert = call.getAuthContext().sslPeerCertificate;
  const id = nodeIdOfCertificate(cert);
  if (!isNodeCertificate(cert) || id === null) throw new ServerError('PERMISSION_DENIED', 'peer RPCs need a Vector Studio node certificate');
  return id;
}
