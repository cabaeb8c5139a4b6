import type { Command } from 'commander';
import type { Consistency, JsonObject } from '../../client/index.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine, vectorToJson } from '../json-output.js';
import * as parse from '../option-parsers.js';
import { formatTable } from '../table.js';
import { shortPayload } from './get.js';

interface SearchFlags {
  readonly vector: number[];
  readonly k: number;
  readonly ef?: number;
  readonly filter?: JsonObject;
  readonly consistency?: Consistency;
  readonly maxStalenessMs?: number;
  readonly withVector?: boolean;
  readonly allowPartial?: boolean;
}

/** `vstudio search NAME --vector '[...]'`. */
export function registerSearch(program: Command, ctx: CommandContext): void {
  program.command('search')
    .description('the k nearest records to a vector (score = distance, smallest first)')
    .argument('<name>', 'collection')
    .requiredOption('--vector <json>', 'the query, a JSON array: \'[0.1, 0.2]\'', parse.vector)
    .option('-k, --k <k>', 'number of hits', parse.positiveInt, 10)
    .option('--ef <ef>', 'HNSW ef (default: the collection\'s)', parse.positiveInt)
    .option('--filter <json>', 'payload filter: {"must": [{"key": "lang", "match": {"value": "en"}}]}', parse.jsonObject)
    .option('--consistency <c>', 'linearizable | lease | follower (default linearizable)', parse.consistency)
    .option('--max-staleness-ms <n>', 'with --consistency follower: the staleness allowed', parse.nonNegativeInt)
    .option('--with-vector', 'return the vectors of the hits too')
    .option('--allow-partial', 'answer from the shards that can when some cannot (they are listed)')
    .action(async (name: string, flags: SearchFlags, cmd: Command) => {
      const g = clientFlags(cmd);
      const withVector = flags.withVector === true;
      const { hits, missingShards } = await withClient(g, ctx.io, (c) => c.searchWithDetails(name, flags.vector, {
        k: flags.k,
        withVector,
        allowPartial: flags.allowPartial === true,
        ...(flags.ef === undefined ? {} : { ef: flags.ef }),
        ...(flags.filter === undefined ? {} : { filter: flags.filter }),
        ...(flags.consistency === undefined ? {} : { consistency: flags.consistency }),
        ...(flags.maxStalenessMs === undefined ? {} : { maxStalenessMs: flags.maxStalenessMs }),
      }));
      if (g.json) {
        out(ctx, jsonLine({
          hits: hits.map((h) => ({
            id: h.id, score: h.score, payload: h.payload ?? null,
            ...(withVector && h.vector !== undefined ? { vector: vectorToJson(h.vector) } : {}),
          })),
          ...(flags.allowPartial === true ? { missingShards } : {}),
        }));
        return;
      }
      for (const m of missingShards) ctx.io.stderr.write(`warning: shard ${m.shard} (group ${m.groupId}) did not answer: ${m.reason}\n`);
      if (hits.length === 0) {
        out(ctx, 'no hits\n');
        return;
      }
      out(ctx, formatTable(['RANK', 'ID', 'SCORE', 'PAYLOAD'],
        hits.map((h, i) => [i + 1, h.id, Number(h.score.toPrecision(6)), shortPayload(h.payload)])));
    });
}
