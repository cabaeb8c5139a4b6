import type { Command } from 'commander';
import type { ClusterStatus } from '../../client/index.js';
import { CommandError } from '../cli-errors.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import { formatTable } from '../table.js';

/**
 * What `--check` finds wrong: nodes neither up nor deliberately out (draining, removed), and
 * every unhealthy group (leaderless, under-replicated, lagging, pending operator).
 */
export function clusterProblems(status: ClusterStatus): string[] {
  const problems: string[] = [];
  for (const n of status.nodes) {
    if (n.state !== 'up' && n.state !== 'draining' && n.state !== 'removed') problems.push(`node ${n.id} is ${n.state || 'in an unknown state'}`);
  }
  for (const g of status.groups) {
    const what = g.id === status.metaGroupId ? 'meta' : `${g.collection} shard ${g.shard}`;
    const groupIssues = g.problems.length > 0 ? g.problems : g.leader === 0 ? ['leaderless'] : [];
    if (groupIssues.length > 0) problems.push(`group ${g.id} (${what}) is ${groupIssues.join(', ')}`);
  }
  if (status.nodes.length === 0) problems.push('the cluster reports no node');
  return problems;
}

function lag(entries: Readonly<Record<string, number>>): string {
  const parts = Object.entries(entries).map(([node, n]) => `${node}:${n}`);
  return parts.length === 0 ? '-' : parts.join(' ');
}

/** The readable form of `cluster status`. */
export function formatClusterStatus(status: ClusterStatus): string {
  const nodes = formatTable(['NODE', 'CLIENT', 'PEER', 'ZONE', 'STATE', 'REPLICAS', 'LEADERS'],
    status.nodes.map((n) => [n.id, n.clientAddress, n.peerAddress, n.zone || '-', n.state, n.replicas, n.leaders]));
  const groups = formatTable(['GROUP', 'COLLECTION', 'SHARD', 'LEADER', 'VOTERS', 'LEARNERS', 'TERM', 'COMMIT', 'APPLIED', 'LAG', 'HEALTH'],
    status.groups.map((g) => [
      g.id, g.id === status.metaGroupId ? '(meta)' : g.collection, g.id === status.metaGroupId ? '-' : g.shard, g.leader === 0 ? '-' : String(g.leader),
      g.voters.join(',') || '-', g.learners.join(',') || '-', g.term, g.commitIndex, g.appliedIndex, lag(g.lagEntries),
      g.problems.length === 0 ? 'ok' : g.problems.join(','),
    ]));
  return `${nodes}\n${groups}`;
}

/** `vstudio cluster status [--check]`. */
export function registerCluster(program: Command, ctx: CommandContext): void {
  const cluster = program.command('cluster').description('the cluster as a whole');
  cluster.command('status')
    .description('nodes and Raft groups, as the meta group\'s leader sees them')
    .option('--check', 'exit 1 unless every node is up and every group is healthy (a leader, enough live voters, no lagging follower)')
    .action(async (flags: { check?: boolean }, cmd: Command) => {
      const g = clientFlags(cmd);
      const status = await withClient(g, ctx.io, (c) => c.clusterStatus());
      out(ctx, g.json ? jsonLine({ nodes: status.nodes, groups: status.groups }) : formatClusterStatus(status));
      if (flags.check === true) {
        const problems = clusterProblems(status);
        if (problems.length > 0) throw new CommandError('FAILED_PRECONDITION', `cluster check failed: ${problems.join('; ')}`);
      }
    });
}
