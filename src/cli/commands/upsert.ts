import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { VectorStudioError, type AckLevel } from '../../client/index.js';
import { CommandError, UsageError } from '../cli-errors.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import { JsonlError, readJsonlRecords, type JsonlProgress } from '../jsonl-records.js';
import * as parse from '../option-parsers.js';
import { byteProgress } from '../progress-bar.js';

interface UpsertFlags {
  readonly file?: string;
  readonly batch: number;
  readonly ack?: AckLevel;
  readonly concurrency: number;
}

function records(n: number): string {
  return `${n} record${n === 1 ? '' : 's'}`;
}

/** `vstudio upsert NAME [--file F.jsonl] [--batch 256] [--ack ...]`: JSONL records from a file or stdin. */
export function registerUpsert(program: Command, ctx: CommandContext): void {
  program.command('upsert')
    .description('insert or replace records read as JSONL ({"id", "vector", "payload"} per line) from --file or stdin')
    .argument('<name>', 'collection')
    .option('--file <path>', 'JSONL file (default: stdin; "-" is stdin too)')
    .option('--batch <n>', 'records per request', parse.positiveInt, 256)
    .option('--concurrency <n>', 'requests in flight', parse.positiveInt, 4)
    .option('--ack <level>', 'async | majority | all | N (default majority)', parse.ack)
    .action(async (name: string, flags: UpsertFlags, cmd: Command) => {
      const g = clientFlags(cmd);
      const fromFile = flags.file !== undefined && flags.file !== '-';
      const source = fromFile ? flags.file! : 'stdin';
      let input: NodeJS.ReadableStream = ctx.io.stdin;
      let size = 0;
      if (fromFile) {
        const path = resolve(ctx.io.cwd ?? process.cwd(), flags.file!);
        try {
          const s = await stat(path);
          if (!s.isFile()) throw new UsageError(`--file ${flags.file}: not a file`);
          size = s.size;
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(`--file ${flags.file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
        }
        input = createReadStream(path);
      }
      if (!fromFile && (input as { isTTY?: boolean }).isTTY === true) {
        ctx.io.stderr.write('vstudio: reading JSONL records from the terminal; end with Ctrl-D (or use --file)\n');
      }
      const progress: JsonlProgress = { lines: [], bytes: 0 };
      const bar = byteProgress(ctx.io.stderr, size);
      let acknowledged = 0;
      try {
        const result = await withClient(g, ctx.io, (c) => c.upsertAll(name, readJsonlRecords(input, source, progress), {
          batchSize: flags.batch,
          concurrency: flags.concurrency,
          ...(flags.ack === undefined ? {} : { ack: flags.ack }),
          onProgress: (n) => {
            acknowledged = n;
            bar.update(progress.bytes, n);
          },
        }));
        bar.update(size, result.records);
        bar.stop();
        const written = result.upserted + result.accepted;
        if (g.json) out(ctx, jsonLine({ upserted: written }));
        else if (result.accepted > 0) out(ctx, `accepted ${records(result.accepted)} (ack=async: durable on the leaders, applied later)\n`);
        else out(ctx, `upserted ${records(result.upserted)} in ${result.batches} batch${result.batches === 1 ? '' : 'es'}\n`);
      } catch (e) {
        bar.stop();
        const done = `${records(acknowledged)} acknowledged`;
        if (e instanceof JsonlError) throw new CommandError('INVALID_ARGUMENT', `${e.message} (${done})`);
        if (e instanceof VectorStudioError && e.itemIndex !== undefined && progress.lines[e.itemIndex] !== undefined) {
          throw new VectorStudioError({
            grpcCode: e.grpcCode,
            details: `${source} line ${progress.lines[e.itemIndex]}: ${e.details} (${done})`,
            ...(e.field === undefined ? {} : { field: e.field }),
            outcomeUnknown: e.outcomeUnknown,
            itemIndex: e.itemIndex,
            cause: e,
          });
        }
        throw e;
      } finally {
        if (fromFile) (input as ReturnType<typeof createReadStream>).destroy();
      }
    });
}
