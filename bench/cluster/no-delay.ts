/**
 * Turns Nagle's algorithm off on every TCP socket that `node:net` creates in the bench process,
 * before test/cluster/support's TestCluster builds its peer-link proxies (TcpProxy) there.
 *
 * Why: TcpProxy pipes each node's Raft stream through two plain net.Sockets, which keep Node's
 * default (Nagle on). A small write that follows one not yet acknowledged then waits for the
 * peer's delayed ACK (~40 ms on Linux): measured with ack=majority at concurrency 1, a third of
 * the writes took 40–55 ms, completing on a ~50 ms cadence, and throughput halved; with this
 * shim the cadence is gone. grpc-js sets TCP_NODELAY on its own sockets, so the nodes' direct
 * traffic never had the stall. Once TcpProxy sets noDelay on its sockets itself, this file
 * can go.
 */
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';

const createServer = net.createServer;
const connect = net.connect;

type Listener = (socket: net.Socket) => void;

Object.assign(net, {
  createServer: (options?: net.ServerOpts | Listener, listener?: Listener): net.Server =>
    (typeof options === 'function' || options === undefined ? createServer({ noDelay: true }, options) : createServer({ ...options, noDelay: true }, listener)),
  connect: (...args: unknown[]): net.Socket => (connect as (...a: unknown[]) => net.Socket)(...args).setNoDelay(true),
  createConnection: (...args: unknown[]): net.Socket => (connect as (...a: unknown[]) => net.Socket)(...args).setNoDelay(true),
});
// ESM named imports of node:net (`import { connect } from 'node:net'`, as TcpProxy has) follow.
syncBuiltinESMExports();
