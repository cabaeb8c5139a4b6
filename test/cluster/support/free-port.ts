/** A port on 127.0.0.1 that nothing listens on right now: jepsen-lite's, shared with the tests. */
export { freePort } from '../../../jepsen-lite/cluster.js';
