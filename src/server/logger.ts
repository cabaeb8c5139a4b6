import { pino } from 'pino';

/** The node's structured logger: pino, JSON, one line per event. */
export type Logger = pino.Logger;

/** The levels `--log-level` accepts, from most to least verbose, then `silent`. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Field paths pino removes from every event before it is written (DESIGN.md §6: secrets never
 * appear in logs). Bare names catch a secret logged as a top-level field, `*.` catches it one
 * level down (`{ headers: { authorization } }`, `{ request: { apiKey } }`), and the explicit
 * deeper paths cover the shapes the server logs: HTTP requests and gRPC metadata maps.
 * Hyphenated names (HTTP headers, gRPC metadata keys) need bracket notation.
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization', '*.authorization', 'req.headers.authorization', 'request.headers.authorization',
  '["x-api-key"]', '*["x-api-key"]', 'req.headers["x-api-key"]', 'request.headers["x-api-key"]',
  'apiKey', '*.apiKey', 'api_key', '*.api_key',
  'key', '*.key',
  'token', '*.token',
  'password', '*.password',
  'secret', '*.secret',
  'encryptionKey', '*.encryptionKey',
];

export interface LoggerOptions {
  /** Written as `node` on every event, so that the logs of a cluster can be merged. */
  readonly nodeId: number;
  /** One of {@link LOG_LEVELS} (checked, since it comes from a flag); default `info`. */
  readonly level?: string;
  /** Where lines go; default stdout. Tests pass a stream to read the lines back. */
  readonly destination?: pino.DestinationStream;
}

/** A `--log-level` value pino does not know. */
export class LogLevelError extends Error {
  constructor(readonly level: string) {
    super(`--log-level: "${level}" is not one of ${LOG_LEVELS.join(', ')}`);
    this.name = 'LogLevelError';
  }
}

/** Narrows a flag value to a level; throws {@link LogLevelError} otherwise. */
export function parseLogLevel(level: string): LogLevel {
  const found = LOG_LEVELS.find((l) => l === level);
  if (found === undefined) throw new LogLevelError(level);
  return found;
}

/**
 * Creates a node's logger. Every line is one JSON object with `level` (its name, not pino's
 * number, so that `grep '"level":"warn"'` works), `time` (ISO-8601) and `node`; the fields in
 * {@link REDACTED_PATHS} are removed, not masked, so a secret's length does not leak either.
 * Throws {@link LogLevelError} for an unknown level.
 */
export function createLogger(options: LoggerOptions): Logger {
  const config: pino.LoggerOptions = {
    level: parseLogLevel(options.level ?? 'info'),
    // `node` replaces pino's default pid/hostname: a node id is what identifies a cluster member.
    base: { node: options.nodeId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...REDACTED_PATHS], remove: true },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}
