import { createInterface } from 'node:readline';
import type { JsonObject, UpsertRecord } from '../client/index.js';

/** A JSONL line that is not a record: names the source and the line (1-based). */
export class JsonlError extends Error {
  constructor(readonly source: string, readonly line: number, readonly reason: string) {
    super(`${source} line ${line}: ${reason}`);
    this.name = 'JsonlError';
  }
}

const KEYS = new Set(['id', 'vector', 'payload', 'ifVersion']);

/** Checks one parsed line: `{"id": "doc-1", "vector": [0.1, 0.2], "payload": {...}}` (DESIGN.md §8). */
export function recordFromJson(value: unknown): UpsertRecord | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) return `unknown field "${k}" (a record has id, vector, payload and optionally ifVersion)`;
  if (typeof o['id'] !== 'string' || o['id'].length === 0) return '"id" must be a non-empty string';
  const vector = o['vector'];
  if (!Array.isArray(vector)) return '"vector" must be an array of numbers';
  for (let i = 0; i < vector.length; i++) {
    if (typeof vector[i] !== 'number') return `"vector"[${i}] is not a number`;
  }
  const payload = o['payload'];
  if (payload !== undefined && payload !== null && (typeof payload !== 'object' || Array.isArray(payload))) {
    return '"payload" must be a JSON object';
  }
  const ifVersion = o['ifVersion'];
  if (ifVersion !== undefined && (typeof ifVersion !== 'number' || !Number.isInteger(ifVersion) || ifVersion < 0)) {
    return '"ifVersion" must be a non-negative integer';
  }
  return {
    id: o['id'],
    vector: vector as number[],
    ...(payload === undefined || payload === null ? {} : { payload: payload as JsonObject }),
    ...(ifVersion === undefined ? {} : { ifVersion: ifVersion as number }),
  };
}

/** Where the reader is: the line of every record handed out, and the bytes consumed. */
export interface JsonlProgress {
  /** `lines[i]` is the line number of the i-th record. */
  readonly lines: number[];
  bytes: number;
}

/**
 * The records of a JSONL stream, one per non-blank line, in order. Throws a `JsonlError` at the
 * first line that is not a record. `progress` is updated as lines are read.
 */
export async function* readJsonlRecords(
  input: NodeJS.ReadableStream, source: string, progress: JsonlProgress = { lines: [], bytes: 0 },
): AsyncGenerator<UpsertRecord> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      progress.bytes += Buffer.byteLength(text) + 1;
      if (text.trim().length === 0) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new JsonlError(source, line, `not JSON (${(e as Error).message})`);
      }
      const record = recordFromJson(parsed);
      if (typeof record === 'string') throw new JsonlError(source, line, record);
      progress.lines.push(line);
      yield record;
    }
  } finally {
    rl.close();
  }
}
