/**
 * The transport baseline of the write cells: a grpc-js server with one unary method that sends
 * the request's bytes straight back (identity serializers: no protobuf decode, no work), in a
 * process of its own. Prints `LISTENING host:port`; stops on SIGTERM.
 *
 *   node --import tsx bench/cluster/echo-server.ts
 */
import * as grpc from '@grpc/grpc-js';
import { ECHO_PATH } from './jobs.js';

const identity = (b: Buffer): Buffer => b;
const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'grpc.max_send_message_length': 64 * 1024 * 1024 });
server.addService({
  Echo: {
    path: ECHO_PATH, requestStream: false, responseStream: false,
    requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity,
  },
}, {
  Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, call.request),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err !== null) {
    process.stderr.write(`[echo-server] ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`LISTENING 127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.forceShutdown();
  process.exit(0);
});
