/**
 * Polls `cond` (a failing call counts as not yet) until it holds, or fails naming `what` after
 * `timeoutMs`: a test that waits says what it waited for.
 */
export async function waitUntil(what: string, cond: () => Promise<boolean>, timeoutMs = 20_000, pollMs = 200): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
}
