import { mkdir } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { ApiKeyFileError } from '../security/api-keys.js';
import { EncryptionError, loadKeyFile } from '../security/encryption.js';
import { checkDataDirWithoutKey, openDataDirEncryption } from '../security/encryption-marker.js';
import { NodeEncryption } from '../security/encryption-rotation.js';
import { loadNodeTls, nodeContextOptions, peerChannelCredentials, TlsFilesError, type NodeTls } from '../security/tls-files.js';
import { packageDefinition, vstudioV1 } from '../wire/proto.js';
import { ApiKeyAuthority } from './auth-policy.js';
import { META_GROUP_ID } from './cluster-map.js';
import { adminServiceHandlers, peerServiceHandlers, tolerantDeserializers, vectorServiceHandlers } from './grpc-services.js';
import { createLogger, type Logger } from './logger.js';
import { NodeMetrics } from './metrics.js';
import { loadOrCreateIdentity } from './node-identity.js';
import { NodeOptionsError, plantedBugFromEnv, type NodeOptions } from './node-options.js';
import { startObservabilityServer } from './observability-http.js';
import { MAX_PEER_MESSAGE_BYTES } from './peer-transport.js';
import { Coordinator, DEFAULT_COORDINATOR_OPTIONS } from './coordinator.js';
import { joinCluster } from './join-cluster.js';
import { RequestRouter } from './request-router.js';
import { addStandardServices, OVERALL_SERVICE, VECTOR_SERVICE } from './standard-services.js';
import { ReloadableServerCredentials } from './tls-server-credentials.js';
import { VectorNode } from './vector-node.js';

/** A node running in this process. */
export interface RunningNode {
  readonly nodeId: number;
  /** The bound client address (`host:port`; the port is the real one when 0 was asked). */
  readonly clientAddress: string;
  readonly peerAddress: string;
  /** Transfers leaderships away, flushes, and closes (what SIGTERM does). */
  shutdown(): Promise<void>;
  /** Rereads the TLS files and the key file (what SIGHUP does); a file that does not load leaves the old one in force. */
  reload?(): void;
}

/** Largest client message: a batch is at most 4 MiB of records, plus framing (default of --max-message-bytes). */
export const MAX_CLIENT_MESSAGE_BYTES = 8 * 1024 * 1024;
/**
 * Server keepalive on both ports: a connection that does not answer a ping within the timeout
 * is closed, so that a client that sends half a frame and goes silent (or a half-open TCP
 * connection) does not hold a socket forever. TLS handshakes must finish in TLS_HANDSHAKE_TIMEOUT_MS.
 */
const SERVER_KEEPALIVE: grpc.ServerOptions = { 'grpc.keepalive_time_ms': 5_000, 'grpc.keepalive_timeout_ms': 5_000 };
/** Requests one client may have in flight on one node (default of --max-concurrent-requests). */
export const DEFAULT_MAX_CONCURRENT_REQUESTS_PER_CLIENT = 256;
/** 50 ms ticks: heartbeats every 50 ms, elections after 0.5–1 s of silence (failover median ~0.8 s here). */
export const DEFAULT_TICK_MS = 50;
/** How long SIGTERM waits for leaderships to move before closing anyway. */
const SHUTDOWN_TRANSFER_MS = 3_000;
const REGISTER_RETRY_MS = 300;
const LAG_SAMPLE_MS = 1_000;

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => (err !== null ? reject(err) : resolve(port)));
  });
}

/** Option files that do not load are usage errors naming the flag (exit 2), not internal failures. */
function asOptionError<T>(field: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof TlsFilesError || e instanceof ApiKeyFileError) throw new NodeOptionsError(field, e.message.startsWith(field) ? e.message : `${field}: ${e.message}`);
    throw e;
  }
}

/**
 * Encryption at rest, decided before anything in the data directory is read: the key files are
 * loaded and checked against the directory's marker (a wrong key, a missing one, or a key for a
 * directory of plaintext data refuses to start, naming key ids only).
 */
async function openEncryption(options: NodeOptions, logger: Logger): Promise<NodeEncryption | null> {
  const field = '--encryption-key-file';
  try {
    await mkdir(options.dataDir, { recursive: true });
    if (options.encryptionKeyFile === undefined) {
      if ((options.encryptionPreviousKeyFiles ?? []).length > 0) throw new NodeOptionsError('--encryption-previous-key-file', '--encryption-previous-key-file needs --encryption-key-file');
      await checkDataDirWithoutKey(options.dataDir);
      return null;
    }
    const current = loadKeyFile(options.encryptionKeyFile);
    const previous = (options.encryptionPreviousKeyFiles ?? []).map((f) => {
      try {
        return loadKeyFile(f);
      } catch (e) {
        if (e instanceof EncryptionError) throw new NodeOptionsError('--encryption-previous-key-file', `--encryption-previous-key-file: ${e.message}`);
        throw e;
      }
    });
    const opened = await openDataDirEncryption(options.dataDir, { current, previous });
    logger.info({ event: 'encryption', keyId: current.id, retiredKeyIds: opened.retiredKeyIds, created: opened.created, keyChanged: opened.keyChanged },
      opened.retiredKeyIds.length > 0 ? 'encryption at rest: values sealed under older keys remain until `vstudio encryption rotate`' : 'encryption at rest is on');
    return new NodeEncryption(options.dataDir, opened.ring, opened.retiredKeyIds, {
      started: () => logger.info({ event: 'encryption_rotation_started', keyId: current.id }, 'key rotation started'),
      finished: (st) => logger.info({ event: 'encryption_rotation_done', keyId: st.keyId, values: st.valuesRewritten, steps: st.stepsDone }, 'key rotation done: older keys are no longer needed'),
      failed: (err) => logger.error({ event: 'encryption_rotation_failed', err: err.message }, 'key rotation failed: older keys are still needed'),
    });
  } catch (e) {
    if (e instanceof EncryptionError) throw new NodeOptionsError(field, `${field}: ${e.message}`);
    throw e;
  }
}

function hostOf(address: string): string {
  return address.slice(0, address.lastIndexOf(':'));
}

/** Starts a node: opens (or bootstraps) its data directory, joins its peers, serves gRPC. */
export async function startNode(options: NodeOptions): Promise<RunningNode> {
  const logger = createLogger({ nodeId: options.nodeId, level: options.logLevel ?? 'info' });
  const metrics = new NodeMetrics();
  const joinAddress = options.join;
  const encryption = await openEncryption(options, logger);
  const { identity, created } = await loadOrCreateIdentity(options.dataDir, {
    nodeId: options.nodeId, peerListen: options.peerAdvertise ?? options.peerListen,
    ...(options.initialCluster !== undefined ? { initialCluster: options.initialCluster } : {}),
    ...(joinAddress !== undefined ? {
      join: () => joinCluster(joinAddress, {
        nodeId: options.nodeId, peerAddress: options.peerAdvertise ?? options.peerListen, clientAddress: options.listen, zone: options.zone ?? '',
      }, {
        tls: options.tlsDir === undefined ? null : asOptionError('--tls-dir', () => loadNodeTls(options.tlsDir!, options.nodeId)),
        logger, ...(process.env['VSTUDIO_API_KEY'] !== undefined ? { apiKey: process.env['VSTUDIO_API_KEY'] } : {}),
      }),
    } : {}),
  });
  logger.info({ event: 'start', clusterId: identity.clusterId, bootstrapped: created, dataDir: options.dataDir }, created ? 'bootstrapping a new node' : 'restarting from the data directory');

  const tlsDir = options.tlsDir;
  const tls: NodeTls | null = tlsDir === undefined ? null : asOptionError('--tls-dir', () => loadNodeTls(tlsDir, identity.nodeId));
  const authFile = options.authFile;
  const auth = authFile === undefined ? null : asOptionError('--auth-file', () => new ApiKeyAuthority(authFile, logger));
  const peerCredentials = tls === null ? null : new ReloadableServerCredentials(true, nodeContextOptions(tls));
  const clientCredentials = tls === null ? null : new ReloadableServerCredentials(false, nodeContextOptions(tls));
  logger.info({ event: 'security', tls: tls !== null, auth: auth !== null, keys: auth?.keyCount }, tls === null ? 'TLS is off: peer and client traffic is plaintext' : 'mutual TLS on the peer port, TLS on the client port (TLS 1.3 minimum)');

  const peerServer = new grpc.Server({ ...SERVER_KEEPALIVE, 'grpc.max_receive_message_length': MAX_PEER_MESSAGE_BYTES, 'grpc.max_send_message_length': MAX_PEER_MESSAGE_BYTES, 'grpc.keepalive_permit_without_calls': 1, 'grpc.http2.min_ping_interval_without_data_ms': 1_000 });
  const clientServer = new grpc.Server({ ...SERVER_KEEPALIVE, 'grpc.max_receive_message_length': options.maxMessageBytes ?? MAX_CLIENT_MESSAGE_BYTES, 'grpc.max_send_message_length': 64 * 1024 * 1024 });
  const peerPort = await bind(peerServer, options.peerListen, peerCredentials ?? grpc.ServerCredentials.createInsecure());
  const node = await VectorNode.open({
    identity, dataDir: options.dataDir, tickMs: options.tickMs ?? DEFAULT_TICK_MS,
    ...(options.compactEveryEntries !== undefined ? { compactEveryEntries: options.compactEveryEntries } : {}),
    ...(options.peerRoutes !== undefined ? { peerRoutes: options.peerRoutes } : {}),
    // With TLS, the node dials its peers (Raft, forwarded requests, snapshots) with its node certificate.
    ...(tls !== null ? { peerCredentials: peerChannelCredentials(tls) } : {}),
    ...(encryption !== null ? { encryption } : {}),
    logger, metrics,
  });
  const plantedBug = options.plantedBug ?? plantedBugFromEnv(process.env);
  if (plantedBug !== undefined) logger.warn({ event: 'planted_bug', bug: plantedBug }, 'a bug is planted on purpose: this node breaks its promises (jepsen-lite teeth tests)');
  const router = new RequestRouter(node, options.replicas ?? 3, plantedBug);
  const coordinator = new Coordinator(node, router, {
    ...DEFAULT_COORDINATOR_OPTIONS,
    ...(options.manualPlacement === true ? { manualPlacement: true } : {}),
    ...(options.splitAboveBytes !== undefined ? { splitAboveBytes: options.splitAboveBytes } : {}),
    ...(options.downAfterMs !== undefined ? { downAfterMs: options.downAfterMs, suspectAfterMs: Math.min(DEFAULT_COORDINATOR_OPTIONS.suspectAfterMs, options.downAfterMs) } : {}),
  });
  router.coordinator = coordinator;
  coordinator.start();
  const ctx = { node, router, logger, metrics, auth, encryption, peerTls: tls !== null, maxConcurrentRequestsPerClient: options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS_PER_CLIENT };
  const v1 = vstudioV1();
  peerServer.addService(tolerantDeserializers(v1.PeerService.service), peerServiceHandlers(ctx));
  clientServer.addService(tolerantDeserializers(v1.VectorService.service), vectorServiceHandlers(ctx));
  clientServer.addService(tolerantDeserializers(v1.AdminService.service), adminServiceHandlers(ctx));
  const standard = addStandardServices(clientServer, packageDefinition());
  const clientPort = await bind(clientServer, options.listen, clientCredentials ?? grpc.ServerCredentials.createInsecure());
  auth?.watch();

  // SIGHUP: certificate rotation without restart (new connections get the new certificates), and the key file now.
  const reload = (): void => {
    if (tlsDir !== undefined && peerCredentials !== null && clientCredentials !== null) {
      try {
        const fresh = loadNodeTls(tlsDir, identity.nodeId);
        peerCredentials.reload(nodeContextOptions(fresh));
        clientCredentials.reload(nodeContextOptions(fresh));
        node.transport.setCredentials(peerChannelCredentials(fresh));
        logger.info({ event: 'tls_reloaded', dir: tlsDir }, 'certificates reloaded');
      } catch (e) {
        logger.error({ event: 'tls_reload_failed', dir: tlsDir, err: e instanceof Error ? e.message : String(e) }, 'certificates not reloaded: the previous ones stay in force');
      }
    }
    auth?.reload();
  };
  const onHangup = (): void => reload();
  if (tls !== null || auth !== null) process.on('SIGHUP', onHangup);
  const clientAddress = `${hostOf(options.listen)}:${clientPort}`;
  const peerAddress = options.peerAdvertise ?? `${hostOf(options.peerListen)}:${peerPort}`;

  let registered = false;
  let stopping = false;
  const ready = (): { ready: boolean; reason?: string } => {
    if (stopping) return { ready: false, reason: 'shutting down' };
    if (node.leaderOf(META_GROUP_ID) === 0) return { ready: false, reason: 'the meta group has no leader yet' };
    if (!registered) return { ready: false, reason: 'not yet registered in the cluster map' };
    return { ready: true };
  };
  const observability = options.metricsListen === undefined ? null
    : await startObservabilityServer({ listen: options.metricsListen, metrics, isReady: ready, logger });

  // Record this node's client address and zone in the cluster map (idempotent; retried until applied).
  const zone = options.zone ?? '';
  const register = async (): Promise<void> => {
    while (!stopping) {
      const known = node.map.nodes.get(node.id);
      if (known !== undefined && known.clientAddress === clientAddress && known.zone === zone) {
        registered = true;
        standard.setServing(OVERALL_SERVICE, true);
        standard.setServing(VECTOR_SERVICE, true);
        logger.info({ event: 'ready', clientAddress, peerAddress }, 'node is ready');
        return;
      }
      try {
        const index = await router.proposeMeta({ op: 'registerNode', node: { id: node.id, clientAddress, peerAddress, zone } }, Date.now() + 5_000);
        await node.waitMetaApplied(index);
      } catch (e) {
        logger.debug({ event: 'register_retry', err: e instanceof Error ? e.message : String(e) }, 'registration not applied yet');
        await new Promise((resolve) => setTimeout(resolve, REGISTER_RETRY_MS));
      }
    }
  };
  const registering = register();
  const lagTimer = setInterval(() => node.sampleLag(), LAG_SAMPLE_MS);
  lagTimer.unref();
  logger.info({ event: 'listening', clientAddress, peerAddress, metrics: observability?.address }, 'serving');

  let shuttingDown: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    shuttingDown ??= (async () => {
      stopping = true;
      process.off('SIGHUP', onHangup);
      auth?.close();
      standard.setServing(OVERALL_SERVICE, false);
      standard.setServing(VECTOR_SERVICE, false);
      clearInterval(lagTimer);
      await coordinator.close();
      await node.transferLeadershipsAway(SHUTDOWN_TRANSFER_MS);
      await new Promise<void>((resolve) => clientServer.tryShutdown(() => resolve()));
      await registering;
      await node.close();
      peerServer.forceShutdown();
      await observability?.close();
      logger.info({ event: 'stopped' }, 'node stopped');
      logger.flush();
    })();
    return shuttingDown;
  };
  return { nodeId: node.id, clientAddress, peerAddress, shutdown, reload };
}
