import type { Command } from 'commander';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import * as parse from '../option-parsers.js';

/** `vstudio leader transfer GROUP --to NODE`. */
export function registerLeader(program: Command, ctx: CommandContext): void {
  const leader = program.command('leader').description('Raft group leadership');
  leader.command('transfer')
    .description('hand a group\'s leadership to one of its voters; returns once it leads')
    .argument('<group>', 'group id', parse.positiveInt)
    .requiredOption('--to <node>', 'the voter that should lead', parse.nodeId)
    .action(async (group: number, flags: { to: number }, cmd: Command) => {
      const g = clientFlags(cmd);
      const now = await withClient(g, ctx.io, (c) => c.transferLeader(group, flags.to));
      out(ctx, g.json ? jsonLine({ group, leader: now }) : `group ${group}: node ${now} leads\n`);
    });
}
