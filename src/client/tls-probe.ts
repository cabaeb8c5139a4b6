import { connect as tlsConnect } from 'node:tls';

/** What an endpoint speaks, as far as a TLS handshake attempt tells: `unknown` when nothing answered. */
export type TransportKind = 'tls' | 'plaintext' | 'unknown';

/**
 * Attempts a TLS handshake with `endpoint` (no certificate checks: only whether the other side
 * speaks TLS at all). Used after a connection failure, to tell "the node serves TLS and this
 * client speaks plaintext" (or the reverse) from "the node is down".
 */
export function probeTransport(endpoint: string, timeoutMs = 1_000): Promise<TransportKind> {
  const colon = endpoint.lastIndexOf(':');
  const host = endpoint.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(endpoint.slice(colon + 1));
  return new Promise((resolve) => {
    let connected = false;
    let done = false;
    const finish = (kind: TransportKind): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(kind);
    };
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => finish('tls'));
    socket.once('connect', () => { connected = true; });
    // Connected, then no handshake: the other side does not speak TLS.
    socket.once('error', () => finish(connected ? 'plaintext' : 'unknown'));
    socket.once('close', () => finish(connected ? 'plaintext' : 'unknown'));
    const timer = setTimeout(() => finish('unknown'), timeoutMs);
  });
}
