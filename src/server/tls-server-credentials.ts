import type { SecureServerOptions } from 'node:http2';
import type { SecureContextOptions } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { TLS_MIN_VERSION } from '../security/tls-files.js';

/** A TLS handshake not finished by then is aborted (Node's default is 2 minutes). */
export const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Server credentials whose certificates can be replaced while serving (SIGHUP): grpc-js gives
 * every listening socket the new secure context; connections already open keep theirs.
 *
 * `mutual`: the peer port. The handshake requires a client certificate signed by the cluster
 * CA (a peer without one is refused before any RPC). Otherwise (the client port), a client
 * certificate is asked for but optional; when one is given, TLS verifies it against the CA and
 * the call sees it in its auth context only if it verified. TLS 1.3 minimum either way.
 */
export class ReloadableServerCredentials extends grpc.ServerCredentials {
  constructor(readonly mutual: boolean, context: SecureContextOptions) {
    const serverOptions: SecureServerOptions = { requestCert: true, rejectUnauthorized: mutual, minVersion: TLS_MIN_VERSION, handshakeTimeout: TLS_HANDSHAKE_TIMEOUT_MS };
    super(serverOptions, { ...context, minVersion: TLS_MIN_VERSION });
  }

  /** New certificates for new connections. */
  reload(context: SecureContextOptions): void {
    this.updateSecureContextOptions({ ...context, minVersion: TLS_MIN_VERSION });
  }

  _equals(other: grpc.ServerCredentials): boolean {
    return other === this;
  }
}
