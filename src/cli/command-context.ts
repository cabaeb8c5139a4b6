import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import type { ClientFlags } from './client-options.js';

/** What every command registration gets: the io, and where the command's exit code goes. */
export interface CommandContext {
  readonly io: CliIo;
  /** Records the exit code `main` returns (0 unless a command sets another). */
  setExitCode(code: number): void;
}

/** The client flags, given before or after the command name. */
export function clientFlags(cmd: Command): ClientFlags {
  return cmd.optsWithGlobals<ClientFlags>();
}

/** Writes `text` to stdout. */
export function out(ctx: CommandContext, text: string): void {
  ctx.io.stdout.write(text);
}
