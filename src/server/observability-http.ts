import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';
import type { NodeMetrics } from './metrics.js';

/** Readiness as the node reports it: a bare boolean, or with the reason it is not ready. */
export type Readiness = boolean | { readonly ready: boolean; readonly reason?: string };

export interface ObservabilityServerOptions {
  /** `host:port` (`[::1]:9101` for IPv6); port 0 picks a free one. Only that host is bound. */
  readonly listen: string;
  readonly metrics: NodeMetrics;
  /** Called on every /readyz; must be cheap. A throw counts as not ready, with its message as the reason. */
  readonly isReady: () => Readiness;
  /** Where failures of /metrics and of `isReady` are reported besides the response. */
  readonly logger?: Logger;
}

/** A running observability server. */
export interface ObservabilityServer {
  /** The bound `host:port`, with the real port when 0 was asked. */
  readonly address: string;
  /** Stops listening and closes open connections (scrapers keep theirs alive). */
  close(): Promise<void>;
}

/** The observability server could not start on its address. */
export class ObservabilityListenError extends Error {
  constructor(readonly listen: string, message: string, options?: { cause: unknown }) {
    super(`--metrics-listen ${listen}: ${message}`, options);
    this.name = 'ObservabilityListenError';
  }
}

/** Splits `host:port`; the brackets of an IPv6 host are removed. */
function splitHostPort(listen: string): { host: string; port: number } {
  const colon = listen.lastIndexOf(':');
  const rawHost = colon < 0 ? '' : listen.slice(0, colon);
  const portText = listen.slice(colon + 1);
  const host = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost;
  const port = Number(portText);
  if (host.length === 0 || !/^\d{1,5}$/.test(portText) || port > 65535) {
    throw new ObservabilityListenError(listen, 'not host:port');
  }
  return { host, port };
}

function send(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

function readiness(isReady: () => Readiness): { ready: boolean; reason: string } {
  const r = isReady();
  if (typeof r === 'boolean') return { ready: r, reason: r ? 'ready' : 'not ready' };
  return { ready: r.ready, reason: r.reason ?? (r.ready ? 'ready' : 'not ready') };
}

/**
 * Starts the node's HTTP server for Prometheus and orchestrators:
 * - `GET /metrics`: the node's metrics in Prometheus text format (500 if collection fails);
 * - `GET /healthz`: 200 `ok` as long as the process serves HTTP at all (liveness);
 * - `GET /readyz`: 200 `ready` when `isReady` says so, else 503 with the reason (readiness);
 * - any other path 404; another method on these paths 405. HEAD is answered like GET.
 * Resolves once listening; rejects with {@link ObservabilityListenError} if the address is
 * malformed or cannot be bound.
 */
export async function startObservabilityServer(options: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const { host, port } = splitHostPort(options.listen);
  const { metrics, isReady, logger } = options;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== '/metrics' && path !== '/healthz' && path !== '/readyz') return send(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed\n');
    }
    if (path === '/healthz') return send(res, 200, 'ok\n');
    if (path === '/readyz') {
      let r: { ready: boolean; reason: string };
      try {
        r = readiness(isReady);
      } catch (err) {
        logger?.error({ err }, 'readiness check failed');
        r = { ready: false, reason: `readiness check failed: ${err instanceof Error ? err.message : String(err)}` };
      }
      return send(res, r.ready ? 200 : 503, `${r.reason}\n`);
    }
    try {
      send(res, 200, await metrics.metricsText(), metrics.contentType);
    } catch (err) {
      logger?.error({ err }, 'collecting metrics failed');
      send(res, 500, `collecting metrics failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  };

  const server = createServer((req, res) => {
    // handle() catches what it can answer; what escapes (a write to a dead socket) is reported.
    handle(req, res).catch((err: unknown) => {
      logger?.error({ err }, 'observability request failed');
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new ObservabilityListenError(options.listen, err.code ?? err.message, { cause: err }));
    };
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // Errors after listening (accept failing on EMFILE) are reported rather than crash the node,
  // when there is a logger to report them to; without one they stay fatal, as Node makes them.
  if (logger !== undefined) server.on('error', (err) => logger.error({ err }, 'observability server error'));

  const bound = server.address() as AddressInfo;
  const address = bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`;

  let closed: Promise<void> | null = null;
  return {
    address,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
