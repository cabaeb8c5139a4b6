import type { Command } from 'commander';
import type { Consistency, JsonObject, StoredRecord } from '../../client/index.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { float32ToNumber, jsonLine, vectorToJson } from '../json-output.js';
import * as parse from '../option-parsers.js';
import { formatTable } from '../table.js';

interface GetFlags {
  readonly consistency?: Consistency;
  readonly maxStalenessMs?: number;
}

/** A vector in a table cell: its first components and its dimension. */
export function shortVector(v: Float32Array | undefined): string {
  if (v === undefined) return '-';
  const head = Array.from(v.subarray(0, 4), float32ToNumber).join(', ');
  return v.length <= 4 ? `[${head}]` : `[${head}, … ${v.length} dims]`;
}

/** A payload in a table cell. */
export function shortPayload(p: JsonObject | undefined): string {
  if (p === undefined) return '-';
  const s = JSON.stringify(p);
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

function recordJson(r: StoredRecord): { id: string; vector: number[] | null; payload: JsonObject; version: number } {
  return { id: r.id, vector: r.vector === undefined ? null : vectorToJson(r.vector), payload: r.payload, version: r.version };
}

/** `vstudio get NAME ID...`. */
export function registerGet(program: Command, ctx: CommandContext): void {
  program.command('get')
    .description('records by id')
    .argument('<name>', 'collection')
    .argument('<ids...>', 'record ids')
    .option('--consistency <c>', 'linearizable | lease | follower (default linearizable)', parse.consistency)
    .option('--max-staleness-ms <n>', 'with --consistency follower: the staleness allowed', parse.nonNegativeInt)
    .action(async (name: string, ids: string[], flags: GetFlags, cmd: Command) => {
      const g = clientFlags(cmd);
      const result = await withClient(g, ctx.io, (c) => c.get(name, ids, {
        ...(flags.consistency === undefined ? {} : { consistency: flags.consistency }),
        ...(flags.maxStalenessMs === undefined ? {} : { maxStalenessMs: flags.maxStalenessMs }),
      }));
      if (g.json) {
        out(ctx, jsonLine({ records: result.records.map(recordJson), missing: result.missing }));
        return;
      }
      if (result.records.length > 0) {
        out(ctx, formatTable(['ID', 'VERSION', 'PAYLOAD', 'VECTOR'],
          result.records.map((r) => [r.id, r.version, shortPayload(r.payload), shortVector(r.vector)])));
      }
      if (result.missing.length > 0) out(ctx, `missing: ${result.missing.join(', ')}\n`);
    });
}
