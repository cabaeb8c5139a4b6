import type { Command } from 'commander';
import type { ClusterStatus, GroupStatus } from '../../client/index.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import * as parse from '../option-parsers.js';
import { formatTable } from '../table.js';

/** The shards of the data groups in a status, optionally of one collection, by collection then shard. */
export function shardsOf(status: ClusterStatus, collection?: string): GroupStatus[] {
  return status.groups
    .filter((g) => g.id !== status.metaGroupId && (collection === undefined || g.collection === collection))
    .sort((a, b) => a.collection.localeCompare(b.collection) || a.shard - b.shard);
}

export function formatShards(shards: readonly GroupStatus[]): string {
  if (shards.length === 0) return 'no shards\n';
  return formatTable(['COLLECTION', 'SHARD', 'RANGE', 'EPOCH', 'GROUP', 'LEADER', 'VOTERS', 'LEARNERS', 'APPLIED', 'HEALTH'],
    shards.map((g) => [
      g.collection, g.shard, g.range || '*', g.epoch, g.id, g.leader === 0 ? '-' : String(g.leader), g.voters.join(',') || '-',
      g.learners.join(',') || '-', g.appliedIndex, g.problems.length === 0 ? 'ok' : g.problems.join(','),
    ]));
}

/** `vstudio shard list [--collection NAME]`. */
export function registerShard(program: Command, ctx: CommandContext): void {
  const shard = program.command('shard').description('the shards (Raft groups) of collections');
  shard.command('list')
    .description('every shard: its range, epoch, group, leader, replicas and health')
    .option('--collection <name>', 'only the shards of this collection')
    .action(async (flags: { collection?: string }, cmd: Command) => {
      const g = clientFlags(cmd);
      const status = await withClient(g, ctx.io, (c) => c.clusterStatus());
      const shards = shardsOf(status, flags.collection);
      out(ctx, g.json ? jsonLine({ shards }) : formatShards(shards));
    });
  shard.command('move')
    .description('move one replica of a shard\'s group to another node (the coordinator adds, catches up, promotes, then removes)')
    .argument('<group>', 'the shard\'s group id (see shard list)', parse.positiveInt)
    .requiredOption('--from <node>', 'the node that holds the replica', parse.nodeId)
    .requiredOption('--to <node>', 'the node that takes it', parse.nodeId)
    .action(async (group: number, flags: { from: number; to: number }, cmd: Command) => {
      const g = clientFlags(cmd);
      const id = await withClient(g, ctx.io, (c) => c.moveReplica(group, flags.from, flags.to));
      out(ctx, g.json ? jsonLine({ operatorId: id }) : `moving group ${group}'s replica from node ${flags.from} to node ${flags.to} (operator ${id})\n`);
    });
  shard.command('split')
    .description('split a shard of a range-sharded collection at a key (the coordinator copies, then switches; watch with `operators`)')
    .argument('<collection>', 'collection name')
    .argument('<shard>', 'the shard (range id) to split', parse.nonNegativeInt)
    .requiredOption('--at <key>', 'the first id of the new upper shard')
    .action(async (collection: string, shardId: number, flags: { at: string }, cmd: Command) => {
      const g = clientFlags(cmd);
      const r = await withClient(g, ctx.io, (c) => c.reshard(collection, { split: { shard: shardId, splitKey: flags.at } }));
      out(ctx, g.json ? jsonLine(r) : `splitting shard ${shardId} of "${collection}" at ${JSON.stringify(flags.at)} (operator ${r.operatorId})\n`);
    });
  shard.command('add')
    .description('one more shard for a consistent-hashing collection (N -> N+1; the ranges that give ids to it are copied into new groups)')
    .argument('<collection>', 'collection name')
    .action(async (collection: string, _flags: unknown, cmd: Command) => {
      const g = clientFlags(cmd);
      const r = await withClient(g, ctx.io, (c) => c.reshard(collection, { addShard: true }));
      out(ctx, g.json ? jsonLine(r) : `adding a shard to "${collection}" (operator ${r.operatorId})\n`);
    });
}
