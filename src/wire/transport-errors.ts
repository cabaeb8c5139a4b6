/**
 * Whether a failed gRPC call provably never reached the server, from grpc-js's status details.
 *
 * grpc-js says "No connection established" when a call waited for a connection that never came.
 * But it also says so after it transparently retried a call whose connection was reset: the
 * "Last error" then names the reset, and the first attempt may have been processed (jepsen-lite
 * found an applied write reported as failed this way). So only a connection that was refused or
 * never resolved counts as "never sent".
 */
const NEVER_CONNECTED = /No connection established/;
const MAY_HAVE_BEEN_SENT = /ECONNRESET|EPIPE|socket hang up|Connection dropped|Stream refused|GOAWAY|closed/i;

export function transportNeverSent(details: string): boolean {
  return NEVER_CONNECTED.test(details) && !MAY_HAVE_BEEN_SENT.test(details);
}
