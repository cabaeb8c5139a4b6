/** Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
export interface BackoffOptions {
  /** First ceiling, in ms (default 50). */
  readonly baseMs?: number;
  /** Largest ceiling, in ms (default 1000). */
  readonly capMs?: number;
}

export const DEFAULT_BACKOFF_BASE_MS = 50;
export const DEFAULT_BACKOFF_CAP_MS = 1000;

/**
 * The pause before retry number `retry` (0 for the first): uniform in
 * [0, min(cap, base · 2^retry)). `random` returns a number in [0, 1).
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const cap = options.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}
