/**
 * `vstudio`: the single binary that runs a node, a local development cluster, and every admin
 * and data command. Only the commands whose layers exist are wired in; the rest say so.
 */
const usage = `usage: vstudio <command> [options]

commands:
  dev       run a local development cluster (not built yet)
  serve     run one node (not built yet)
  version   print the version
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'dev':
    case 'serve':
      process.stdout.write('the cluster server is not built yet\n');
      return 0;
    case 'version':
    case '--version':
      process.stdout.write('vector-studio 0.1.0\n');
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(`INVALID_ARGUMENT: unknown command "${command}"\n${usage}`);
      return 2;
  }
}
