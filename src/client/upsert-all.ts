import * as grpc from '@grpc/grpc-js';
import { VectorStudioError } from './errors.js';
import type { UpsertAllOptions, UpsertAllResult, UpsertRecord, UpsertResult, WriteOptions } from './types.js';

/** Records per request when not given. */
export const DEFAULT_BATCH_SIZE = 256;
/** Requests in flight when not given. */
export const DEFAULT_CONCURRENCY = 4;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new VectorStudioError({ grpcCode: grpc.status.INVALID_ARGUMENT, details: `${name} must be a positive integer, not ${value}`, field: name });
  }
  return value;
}

/**
 * Upserts a stream of records in batches, `concurrency` requests at a time, pulling from
 * `source` only as fast as batches are acknowledged. On the first failure (of a request, of the
 * source, or of `onProgress`) it stops reading, waits for the requests in flight, and throws
 * that failure; a request's `VectorStudioError.itemIndex` is shifted to count from the first
 * record of `source`.
 */
export async function upsertAll(
  upsert: (records: readonly UpsertRecord[], options: WriteOptions) => Promise<UpsertResult>,
  source: Iterable<UpsertRecord> | AsyncIterable<UpsertRecord>,
  options: UpsertAllOptions,
): Promise<UpsertAllResult> {
  const batchSize = positiveInteger('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE);
  const concurrency = positiveInteger('concurrency', options.concurrency ?? DEFAULT_CONCURRENCY);
  const writeOptions: WriteOptions = {
    ...(options.ack === undefined ? {} : { ack: options.ack }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  let acknowledged = 0;
  let upserted = 0;
  let accepted = 0;
  let batches = 0;
  let sent = 0;

  const fail = (error: unknown): void => {
    if (failure === null) failure = { error };
  };

  const send = (records: UpsertRecord[]): void => {
    const offset = sent;
    sent += records.length;
    batches++;
    const run = async (): Promise<void> => {
      try {
        const r = await upsert(records, writeOptions);
        acknowledged += records.length;
        upserted += r.upserted;
        accepted += r.accepted;
        options.onProgress?.(acknowledged);
      } catch (e) {
        fail(e instanceof VectorStudioError ? e.withItemOffset(offset) : e);
      }
    };
    const p: Promise<void> = run().finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  let batch: UpsertRecord[] = [];
  try {
    for await (const record of source) {
      batch.push(record);
      if (batch.length < batchSize) continue;
      send(batch);
      batch = [];
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure !== null) break;
    }
    if (failure === null && batch.length > 0) send(batch);
  } catch (e) {
    fail(e);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw (failure as { error: unknown }).error;
  return { records: acknowledged, upserted, accepted, batches };
}
