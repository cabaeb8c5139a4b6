/**
 * A stand-in for `vstudio serve` in `dev` tests, run as a child process under tsx: serves the
 * fake cluster's gRPC services on --listen, answers ClusterStatus with a meta leader, and exits
 * 0 on SIGTERM/SIGINT. FAKE_SERVE_EXIT=<code> makes it exit at once instead.
 */
import { FakeNode, FakeStore } from '../../client/support/fake-cluster.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

const exitCode = process.env['FAKE_SERVE_EXIT'];
if (exitCode !== undefined) {
  process.stderr.write(`fake serve: exiting with ${exitCode} as asked\n`);
  process.exit(Number(exitCode));
}

const listen = flag('--listen') ?? '127.0.0.1:0';
const node = await FakeNode.start(new FakeStore(), listen);
process.stdout.write(`fake serve: node ${flag('--node-id')} on ${node.address}; args ${args.join(' ')}\n`);
const stop = (signal: string): void => {
  process.stdout.write(`fake serve: ${signal}\n`);
  node.stop();
  process.exit(0);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
