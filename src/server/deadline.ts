import type { ServerError } from './server-error.js';

/**
 * Resolves or rejects as `p` does until `deadlineMs` (epoch ms), then rejects with `onTimeout()`.
 *
 * The caller stops waiting at the deadline; a rejection of `p` after that (leadership moved, the
 * group stopped) is no longer anyone's to handle and must not end the process as an unhandled
 * rejection (jepsen-lite found nodes crashing so). Before the deadline the race passes it on.
 */
export function withDeadline<T>(p: Promise<T>, deadlineMs: number, onTimeout: () => ServerError): Promise<T> {
  p.catch(() => undefined);
  const left = deadlineMs - Date.now();
  if (left <= 0) return Promise.reject(onTimeout());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), left);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
