/**
 * `vstudio`: the single binary that runs a node (`serve`), a local development cluster (`dev`),
 * and every admin and data command (DESIGN.md §8). `main(argv)` returns the exit code; errors
 * are one line on stderr, `CODE: message`, with exit code 2 for usage errors and 1 otherwise.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describeFailure } from './cli-errors.js';
import { processIo, type CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import * as parse from './option-parsers.js';
import { registerAuth } from './commands/auth.js';
import { registerCerts } from './commands/certs.js';
import { registerCluster } from './commands/cluster.js';
import { registerCollection } from './commands/collection.js';
import { registerDelete } from './commands/delete.js';
import { registerDev } from './commands/dev.js';
import { registerEncryption } from './commands/encryption.js';
import { registerGet } from './commands/get.js';
import { registerLeader } from './commands/leader.js';
import { registerSearch } from './commands/search.js';
import { registerNode } from './commands/node.js';
import { registerOperators } from './commands/operators.js';
import { registerServe } from './commands/serve.js';
import { registerShard } from './commands/shard.js';
import { registerUpsert } from './commands/upsert.js';
import { packageVersion, registerVersion } from './commands/version.js';

export type { CliIo, CliOutput, CliProcess, StopSignal } from './cli-io.js';

/** The whole command tree, printing through `io`. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('vstudio')
    .description('Vector Studio: a strongly consistent, Raft-replicated vector store')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(`INVALID_ARGUMENT: ${s.replace(/^error: /, '').trim()}\n`),
    })
    .version(`vector-studio ${packageVersion()}`, '-V, --version', 'print the version')
    .option('--endpoints <host:port,...>', 'nodes to talk to (env VSTUDIO_ENDPOINTS; default 127.0.0.1:7001)')
    .option('--api-key <key>', 'API key (env VSTUDIO_API_KEY)')
    .option('--tls-dir <dir>', 'TLS: ca.crt, and client.crt/client.key if present (vstudio certs init; env VSTUDIO_TLS_DIR)')
    .option('--timeout-ms <n>', 'deadline of each request, retries included (default 10000)', parse.positiveInt)
    .option('--json', 'print JSON')
    .showSuggestionAfterError(true);
  registerServe(program, ctx);
  registerDev(program, ctx);
  registerCluster(program, ctx);
  registerCollection(program, ctx);
  registerUpsert(program, ctx);
  registerGet(program, ctx);
  registerDelete(program, ctx);
  registerSearch(program, ctx);
  registerLeader(program, ctx);
  registerShard(program, ctx);
  registerNode(program, ctx);
  registerOperators(program, ctx);
  registerCerts(program, ctx);
  registerAuth(program, ctx);
  registerEncryption(program, ctx);
  registerVersion(program, ctx);
  return program;
}

/**
 * Runs `vstudio` with `argv` (without `node` and the script) and returns the exit code. `io`
 * defaults to the real process; tests pass their own streams, environment and process hooks.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const ctx: CommandContext = { io, setExitCode: (code) => { exitCode = code; } };
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const { line, exitCode: code } = describeFailure(e);
    io.stderr.write(`${line}\n`);
    return code;
  }
}

// Run directly (`tsx src/cli/main.ts ...`, and `vstudio dev`'s children under tsx); bin/vstudio.js imports it instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
