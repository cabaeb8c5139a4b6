import type { Command } from 'commander';
import type { AckLevel } from '../../client/index.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import * as parse from '../option-parsers.js';

/** `vstudio delete NAME ID...`. */
export function registerDelete(program: Command, ctx: CommandContext): void {
  program.command('delete')
    .description('delete records by id')
    .argument('<name>', 'collection')
    .argument('<ids...>', 'record ids')
    .option('--ack <level>', 'async | majority | all | N (default majority)', parse.ack)
    .action(async (name: string, ids: string[], flags: { ack?: AckLevel }, cmd: Command) => {
      const g = clientFlags(cmd);
      const result = await withClient(g, ctx.io, (c) => c.delete(name, ids, flags.ack === undefined ? {} : { ack: flags.ack }));
      if (g.json) {
        out(ctx, jsonLine({ deleted: result.deleted }));
        return;
      }
      const notFound = result.results.filter((r) => r.status === 'not_found').map((r) => r.id);
      out(ctx, `deleted ${result.deleted} record(s)${notFound.length > 0 ? `; not found: ${notFound.join(', ')}` : ''}\n`);
    });
}
