import type { Command } from 'commander';
import type { CollectionInfo, CreateCollectionOptions, Metric, Sharding } from '../../client/index.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import * as parse from '../option-parsers.js';
import { formatTable } from '../table.js';

interface CreateFlags {
  readonly dim: number;
  readonly metric?: Metric;
  readonly replicas?: number;
  readonly shards?: number;
  readonly sharding?: Sharding;
  readonly splitKeys?: string[];
  readonly m?: number;
  readonly efConstruction?: number;
  readonly ef?: number;
}

function describe(c: CollectionInfo): string {
  const rows: [string, string | number][] = [
    ['name', c.name], ['dimension', c.dimension], ['metric', c.metric], ['replicas', c.replicas], ['shards', c.shards],
    ['sharding', c.sharding], ['m', c.m], ['ef-construction', c.efConstruction], ['ef', c.ef], ['count', c.count],
    ['groups', c.groupIds.join(', ')],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padEnd(17)}${v}\n`).join('');
}

/** `vstudio collection create|list|describe|drop`. */
export function registerCollection(program: Command, ctx: CommandContext): void {
  const collection = program.command('collection').description('create, list, describe and drop collections');

  collection.command('create')
    .description('create a collection')
    .argument('<name>', 'collection name')
    .requiredOption('--dim <d>', 'vector dimension', parse.positiveInt)
    .option('--metric <metric>', 'l2 | cosine | ip (default l2)', parse.metric)
    .option('--replicas <r>', 'replicas per shard (default: the nodes\' --replicas, capped by the number of nodes)', parse.positiveInt)
    .option('--shards <n>', 'number of shards (default 1)', parse.positiveInt)
    .option('--sharding <strategy>', 'consistent | hash | range (default consistent)', parse.sharding)
    .option('--split-keys <keys>', 'range sharding: the first id of each range after the first, comma-separated, ascending', (t: string) => t.split(','))
    .option('--m <m>', 'HNSW M (default 16)', parse.positiveInt)
    .option('--ef-construction <n>', 'HNSW efConstruction (default 200)', parse.positiveInt)
    .option('--ef <n>', 'default search ef (default 64)', parse.positiveInt)
    .action(async (name: string, flags: CreateFlags, cmd: Command) => {
      const options: CreateCollectionOptions = {
        dimension: flags.dim,
        ...(flags.metric === undefined ? {} : { metric: flags.metric }),
        ...(flags.replicas === undefined ? {} : { replicas: flags.replicas }),
        ...(flags.shards === undefined ? {} : { shards: flags.shards }),
        ...(flags.sharding === undefined ? {} : { sharding: flags.sharding }),
        ...(flags.splitKeys === undefined ? {} : { splitKeys: flags.splitKeys }),
        ...(flags.m === undefined ? {} : { m: flags.m }),
        ...(flags.efConstruction === undefined ? {} : { efConstruction: flags.efConstruction }),
        ...(flags.ef === undefined ? {} : { ef: flags.ef }),
      };
      const g = clientFlags(cmd);
      const info = await withClient(g, ctx.io, (c) => c.createCollection(name, options));
      if (g.json) out(ctx, jsonLine(info));
      else {
        out(ctx, `created collection "${info.name}": dimension ${info.dimension}, ${info.metric}, `
          + `${info.shards} shard(s) × ${info.replicas} replica(s)\n`);
      }
    });

  collection.command('list')
    .description('list the collections')
    .action(async (_flags: unknown, cmd: Command) => {
      const g = clientFlags(cmd);
      const list = await withClient(g, ctx.io, (c) => c.listCollections());
      if (g.json) out(ctx, jsonLine({ collections: list }));
      else if (list.length === 0) out(ctx, 'no collections\n');
      else {
        out(ctx, formatTable(['NAME', 'DIM', 'METRIC', 'SHARDS', 'REPLICAS', 'COUNT'],
          list.map((c) => [c.name, c.dimension, c.metric, c.shards, c.replicas, c.count])));
      }
    });

  collection.command('describe')
    .description('describe a collection')
    .argument('<name>', 'collection name')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const g = clientFlags(cmd);
      const info = await withClient(g, ctx.io, (c) => c.describeCollection(name));
      out(ctx, g.json ? jsonLine(info) : describe(info));
    });

  collection.command('update')
    .description('change a collection\'s replication factor; the coordinator adds or removes replicas to match')
    .argument('<name>', 'collection name')
    .requiredOption('--replicas <r>', 'replicas per shard', parse.positiveInt)
    .action(async (name: string, flags: { replicas: number }, cmd: Command) => {
      const g = clientFlags(cmd);
      const info = await withClient(g, ctx.io, (c) => c.updateCollection(name, { replicas: flags.replicas }));
      out(ctx, g.json ? jsonLine(info) : `collection "${info.name}": ${info.replicas} replica(s) per shard; the coordinator converges the groups (watch with \`operators\`)\n`);
    });

  collection.command('drop')
    .description('drop a collection and every record in it')
    .argument('<name>', 'collection name')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const g = clientFlags(cmd);
      await withClient(g, ctx.io, (c) => c.dropCollection(name));
      out(ctx, g.json ? jsonLine({ dropped: name }) : `dropped collection "${name}"\n`);
    });
}
