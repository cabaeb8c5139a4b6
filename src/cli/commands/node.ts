import type { Command } from 'commander';
import type { NodeAdminState } from '../../client/index.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import * as parse from '../option-parsers.js';
import { formatTable } from '../table.js';

/** `vstudio node list | drain ID | remove ID | undrain ID`. */
export function registerNode(program: Command, ctx: CommandContext): void {
  const node = program.command('node').description('the nodes of the cluster');
  node.command('list')
    .description('every node: addresses, zone, state (up, suspect, down, draining, removed), replicas and leaders')
    .action(async (_flags: unknown, cmd: Command) => {
      const g = clientFlags(cmd);
      const status = await withClient(g, ctx.io, (c) => c.clusterStatus());
      out(ctx, g.json ? jsonLine({ nodes: status.nodes }) : formatTable(['NODE', 'CLIENT', 'PEER', 'ZONE', 'STATE', 'REPLICAS', 'LEADERS'],
        status.nodes.map((n) => [n.id, n.clientAddress, n.peerAddress, n.zone || '-', n.state, n.replicas, n.leaders])));
    });
  const setState = (name: string, description: string, state: NodeAdminState): void => {
    node.command(name)
      .description(description)
      .argument('<id>', 'node id', parse.nodeId)
      .action(async (id: number, _flags: unknown, cmd: Command) => {
        const g = clientFlags(cmd);
        await withClient(g, ctx.io, (c) => c.setNodeState(id, state));
        out(ctx, g.json ? jsonLine({ node: id, state }) : `node ${id} is ${state}\n`);
      });
  };
  setState('drain', 'move every replica and leadership off a node (the coordinator does it; watch with `operators`)', 'draining');
  setState('undrain', 'let a draining node take replicas again', 'active');
  setState('remove', 'retire a node that holds no replica (drained) or is down', 'removed');
}
