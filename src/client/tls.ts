import type * as grpc from '@grpc/grpc-js';
import { clientChannelCredentials, loadClientTls } from '../security/tls-files.js';

/**
 * Channel credentials from a TLS directory (`vstudio certs init`): `ca.crt` as the only trust
 * root, and `client.crt` / `client.key` as the client certificate when both are there. TLS 1.3
 * minimum. Pass them as `VectorStudioClient.connect({ credentials })`, or pass `tlsDir`.
 */
export function tlsCredentials(dir: string): grpc.ChannelCredentials {
  return clientChannelCredentials(loadClientTls(dir));
}
