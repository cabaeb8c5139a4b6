import { resolve } from 'node:path';
import { isEndpoint, splitEndpoints, tlsCredentials, VectorStudioClient } from '../client/index.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './cli-errors.js';

/** The flags every client command takes (DESIGN.md §8). */
export interface ClientFlags {
  readonly endpoints?: string;
  readonly apiKey?: string;
  readonly tlsDir?: string;
  readonly timeoutMs?: number;
  readonly json?: boolean;
}

export const DEFAULT_ENDPOINTS = '127.0.0.1:7001';

/** The endpoints: `--endpoints`, else `VSTUDIO_ENDPOINTS`, else 127.0.0.1:7001. */
export function resolveEndpoints(flags: ClientFlags, io: CliIo): string[] {
  const text = flags.endpoints ?? io.env['VSTUDIO_ENDPOINTS'] ?? DEFAULT_ENDPOINTS;
  const endpoints = splitEndpoints(text);
  if (endpoints.length === 0) throw new UsageError('--endpoints lists no endpoint');
  for (const e of endpoints) if (!isEndpoint(e)) throw new UsageError(`--endpoints: "${e}" is not host:port`);
  return endpoints;
}

/** Connects a client from the flags, runs `fn` with it, and closes it. */
export async function withClient<T>(flags: ClientFlags, io: CliIo, fn: (client: VectorStudioClient) => Promise<T>): Promise<T> {
  const apiKey = flags.apiKey ?? io.env['VSTUDIO_API_KEY'];
  const tlsDir = flags.tlsDir ?? io.env['VSTUDIO_TLS_DIR'];
  let credentials;
  if (tlsDir !== undefined && tlsDir !== '') {
    try {
      credentials = tlsCredentials(resolve(io.cwd ?? process.cwd(), tlsDir));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  const client = await VectorStudioClient.connect({
    endpoints: resolveEndpoints(flags, io),
    ...(credentials === undefined ? {} : { credentials }),
    ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
    ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }),
  });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
