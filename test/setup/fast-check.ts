/**
 * Every fast-check property in the suite runs from one seed, so CI is deterministic and a
 * failure replays exactly. fast-check prints `{ seed, path }` with every counterexample;
 * replay it with `FC_SEED=<seed> FC_PATH=<path> npx vitest run <file>`. `FC_SEED=random` explores
 * fresh cases (the chosen seed is printed).
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261124;

function chooseSeed(): number {
  const env = process.env['FC_SEED'];
  if (env === undefined || env === '') return DEFAULT_SEED;
  if (env === 'random') {
    const seed = (Date.now() ^ (process.pid << 16)) | 0;
    process.stdout.write(`fast-check: FC_SEED=${seed}\n`);
    return seed;
  }
  const seed = Number(env);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${env}"`);
  return seed;
}

const path = process.env['FC_PATH'];
fc.configureGlobal({ seed: chooseSeed(), ...(path !== undefined && path !== '' ? { path } : {}) });
