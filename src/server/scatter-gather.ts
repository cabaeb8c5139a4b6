/**
 * Waiting for the shards of a scatter-gather request. Without `allowPartial` every shard must
 * answer, so the first failure ends the wait. With it, a shard that keeps failing over (each one
 * retries inside the deadline while its group has no leader) must not hold the others' answer
 * until the deadline: once the others have settled, the stragglers get a grace period of twice
 * the time the others took (at least {@link MIN_GRACE_MS}), then count as missing.
 */
import { ServerError } from './server-error.js';

export type ShardAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** The least a straggling shard is waited for after the others answered. */
export const MIN_GRACE_MS = 250;

export function gatherShards<T>(calls: readonly Promise<T>[], allowPartial: boolean, deadlineMs: number): Promise<ShardAnswer<T>[]> {
  const started = Date.now();
  const answers: (ShardAnswer<T> | undefined)[] = calls.map(() => undefined);
  let pending = calls.length;
  return new Promise((resolve) => {
    let graceTimer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (graceTimer !== undefined) clearTimeout(graceTimer);
      resolve(answers.map((a) => a ?? {
        ok: false,
        error: new ServerError('UNAVAILABLE', `no answer ${Date.now() - started} ms into the search, while the other shards had answered`),
      }));
    };
    if (pending === 0) {
      finish();
      return;
    }
    calls.forEach((p, i) => {
      p.then((value) => { answers[i] = { ok: true, value }; }, (error: unknown) => { answers[i] = { ok: false, error }; })
        .then(() => {
          pending--;
          if (pending === 0 || (!allowPartial && answers[i]?.ok === false)) {
            finish();
            return;
          }
          if (allowPartial && answers.some((a) => a?.ok === true)) {
            if (graceTimer !== undefined) clearTimeout(graceTimer);
            const grace = Math.max(MIN_GRACE_MS, 2 * (Date.now() - started));
            graceTimer = setTimeout(finish, Math.max(0, Math.min(grace, deadlineMs - Date.now())));
          }
        }, () => undefined);
    });
  });
}
