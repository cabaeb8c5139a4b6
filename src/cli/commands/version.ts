import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';

/** The package version, from package.json (three levels above this file in src/ and in dist/). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `vstudio version`. */
export function registerVersion(program: Command, ctx: CommandContext): void {
  program.command('version')
    .description('print the version')
    .action((_flags: unknown, cmd: Command) => {
      const version = packageVersion();
      out(ctx, clientFlags(cmd).json ? jsonLine({ version }) : `vector-studio ${version}\n`);
    });
}
