import { freePort as anyFreePort } from '../../../jepsen-lite/cluster.js';

/** Ports this process handed out already: the kernel may offer a just-closed port again. */
const handedOut = new Set<number>();

/**
 * A port on 127.0.0.1 that nothing listens on right now and that this process has not handed
 * out before: a cluster asks for a few dozen ports before any node binds one, and two of its
 * nodes on one port is a node that cannot start (a CI run failed that way).
 */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const p = await anyFreePort();
    if (!handedOut.has(p)) {
      handedOut.add(p);
      return p;
    }
  }
  throw new Error('no port that this process has not used yet, in 100 tries');
}
