import { InvalidArgumentError } from 'commander';
import type { AckLevel, Consistency, JsonObject, Metric, Sharding } from '../client/index.js';

/** commander parsers: each throws InvalidArgumentError, which the CLI prints as INVALID_ARGUMENT, exit 2. */

export function positiveInt(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function nonNegativeInt(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

export function port(text: string): number {
  const n = positiveInt(text);
  if (n > 65535) throw new InvalidArgumentError('must be a port number (1-65535)');
  return n;
}

/** A size: a number of bytes, or with a unit (`64KiB`, `256MiB`, `2GiB`; `KB`, `MB`, `GB` are taken as the same powers of 2). */
export function byteSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$/i.exec(text.trim());
  if (m === null) throw new InvalidArgumentError('must be a size such as 65536, 64KiB, 256MiB or 2GiB');
  const unit = (m[2] ?? 'B').toLowerCase().replace('i', '');
  const n = Number(m[1]) * ({ b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as Record<string, number>)[unit]!;
  if (!Number.isSafeInteger(Math.round(n)) || n < 1) throw new InvalidArgumentError('must be at least 1 byte');
  return Math.round(n);
}

/** A duration: `500ms`, `90s`, `2m`, or a plain number of seconds. */
export function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (m === null) throw new InvalidArgumentError('must be a duration such as 500ms, 90s or 2m (a plain number is seconds)');
  const n = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1_000);
  if (!Number.isFinite(n) || n < 1) throw new InvalidArgumentError('must be at least 1ms');
  return Math.round(n);
}

export function metric(text: string): Metric {
  if (text === 'l2' || text === 'cosine' || text === 'ip') return text;
  throw new InvalidArgumentError('must be l2, cosine or ip');
}

export function sharding(text: string): Sharding {
  if (text === 'consistent' || text === 'hash' || text === 'range') return text;
  throw new InvalidArgumentError('must be consistent, hash or range');
}

export function ack(text: string): AckLevel {
  if (text === 'async' || text === 'majority' || text === 'all') return text;
  if (/^\d+$/.test(text) && Number(text) >= 1) return Number(text);
  throw new InvalidArgumentError('must be async, majority, all or a number of replicas');
}

export function consistency(text: string): Consistency {
  if (text === 'linearizable' || text === 'lease' || text === 'follower') return text;
  throw new InvalidArgumentError('must be linearizable, lease or follower');
}

export function vector(text: string): number[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('must be a JSON array of numbers, e.g. \'[0.1, 0.2]\'');
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number')) {
    throw new InvalidArgumentError('must be a non-empty JSON array of numbers, e.g. \'[0.1, 0.2]\'');
  }
  return v as number[];
}

export function jsonObject(text: string): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError(`must be a JSON object (${(e as Error).message})`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidArgumentError('must be a JSON object');
  return v as JsonObject;
}

export function nodeId(text: string): number {
  const n = positiveInt(text);
  if (n > 0xffff_ffff) throw new InvalidArgumentError('must be a node id (1 to 4294967295)');
  return n;
}
