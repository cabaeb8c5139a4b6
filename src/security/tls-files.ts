/**
 * Reading a TLS directory (the layout `vstudio certs init` writes) into what Node's TLS and
 * grpc-js take. TLS 1.3 is the minimum everywhere: servers, peers and clients.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, checkServerIdentity, type PeerCertificate, type SecureContextOptions } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { CA_CERT, CLIENT_CERT, CLIENT_KEY, NODE_OU, nodeCertFile, nodeKeyFile } from './certs.js';

export const TLS_MIN_VERSION = 'TLSv1.3';

export class TlsFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsFilesError';
  }
}

function read(dir: string, name: string, flag: string): Buffer {
  try {
    return readFileSync(join(dir, name));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TlsFilesError(`${flag}: cannot read ${join(dir, name)} (${code ?? String(e)}); create the directory with \`vstudio certs init --dir ${dir}\``);
  }
}

function tryRead(dir: string, name: string): Buffer | null {
  try {
    return readFileSync(join(dir, name));
  } catch {
    return null;
  }
}

let ipServernameWarningSilenced = false;

/**
 * grpc-js sets the TLS server name (SNI) to the target host even when it is an IP address, and
 * Node then prints DEP0123 once per process (RFC 6066 has no IP server names). The certificate
 * is still checked against the IP (its IP SANs); only SNI is moot. The warning would be printed
 * by every CLI command with TLS, so that one warning, and only it, is dropped.
 */
function silenceIpServernameWarning(): void {
  if (ipServernameWarningSilenced) return;
  ipServernameWarningSilenced = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((...args: unknown[]) => {
    const options = args[1];
    const code = typeof options === 'object' && options !== null ? (options as { code?: unknown }).code : args[2];
    if (code === 'DEP0123') return;
    emit(...args);
  }) as typeof process.emitWarning;
}

/** A node's TLS material: the cluster CA and its own certificate and key. */
export interface NodeTls {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Reads `ca.crt`, `node-<id>.crt` and `node-<id>.key` from `dir`, checking that they make a usable context. */
export function loadNodeTls(dir: string, nodeId: number): NodeTls {
  const material = { ca: read(dir, CA_CERT, '--tls-dir'), cert: read(dir, nodeCertFile(nodeId), '--tls-dir'), key: read(dir, nodeKeyFile(nodeId), '--tls-dir') };
  try {
    createSecureContext({ ...material, minVersion: TLS_MIN_VERSION });
  } catch (e) {
    throw new TlsFilesError(`--tls-dir: ${nodeCertFile(nodeId)} / ${nodeKeyFile(nodeId)} in ${dir} are not a usable certificate and key: ${e instanceof Error ? e.message : String(e)}`);
  }
  return material;
}

/** Secure context options of a node (its servers and its peer dials). */
export function nodeContextOptions(t: NodeTls): SecureContextOptions {
  return { ca: t.ca, cert: t.cert, key: t.key, minVersion: TLS_MIN_VERSION };
}

/** Whether a certificate is a node certificate of the cluster (subject OU), as opposed to a client one signed by the same CA. */
export function isNodeCertificate(cert: PeerCertificate | undefined): boolean {
  if (cert === undefined) return false;
  const ou = cert.subject?.OU as string | string[] | undefined;
  return Array.isArray(ou) ? ou.includes(NODE_OU) : ou === NODE_OU;
}

/** The node id in a node certificate's CN (`node-<id>`), or null. */
export function nodeIdOfCertificate(cert: PeerCertificate | undefined): number | null {
  if (!isNodeCertificate(cert)) return null;
  const cn = cert?.subject?.CN as string | string[] | undefined;
  const m = typeof cn === 'string' ? /^node-(\d+)$/.exec(cn) : null;
  return m === null ? null : Number(m[1]);
}

/**
 * Channel credentials a node dials its peers with: its node certificate as the client
 * certificate, the cluster CA as the only trust root, and a server that must present a node
 * certificate (the host name check as usual, plus the OU).
 */
export function peerChannelCredentials(t: NodeTls): grpc.ChannelCredentials {
  silenceIpServernameWarning();
  return grpc.credentials.createFromSecureContext(createSecureContext(nodeContextOptions(t)), {
    checkServerIdentity: (host, cert) => {
      const err = checkServerIdentity(host, cert);
      if (err !== undefined) return err;
      return isNodeCertificate(cert) ? undefined : new Error(`the peer at ${host} did not present a Vector Studio node certificate`);
    },
  });
}

/** What a client reads from `--tls-dir`: the CA, and the client certificate when both client.crt and client.key are there. */
export interface ClientTls {
  readonly ca: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export function loadClientTls(dir: string): ClientTls {
  const ca = read(dir, CA_CERT, '--tls-dir');
  const cert = tryRead(dir, CLIENT_CERT);
  const key = tryRead(dir, CLIENT_KEY);
  return cert !== null && key !== null ? { ca, cert, key } : { ca };
}

/** Channel credentials of a client: TLS 1.3, the cluster CA as the trust root, the client certificate if any. */
export function clientChannelCredentials(t: ClientTls): grpc.ChannelCredentials {
  silenceIpServernameWarning();
  return grpc.credentials.createFromSecureContext(createSecureContext({ ...t, minVersion: TLS_MIN_VERSION }));
}
