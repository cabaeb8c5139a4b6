/**
 * Checks that a folder's sources stay pure (no clock, randomness, I/O, process state, logging):
 * lint enforces this for src/raft; the shard strategies and the planner are checked by reading
 * their sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The `.ts` files of `dir` (relative to the repository). */
export function sourcesOf(dir: string): string[] {
  return readdirSync(join(process.cwd(), dir)).filter((f) => f.endsWith('.ts'));
}

/** A source without comments (which may name what the code must not do). */
export function codeOf(dir: string, file: string): string {
  return readFileSync(join(process.cwd(), dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
}

export const FORBIDDEN: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a clock (Date)', pattern: /\bDate\b/ },
  { name: 'performance.now', pattern: /\bperformance\b/ },
  { name: 'Math.random', pattern: /Math\.random/ },
  { name: 'crypto', pattern: /\bcrypto\b/ },
  { name: 'timers', pattern: /\bset(Timeout|Interval|Immediate)\b/ },
  { name: 'process', pattern: /\bprocess\b/ },
  { name: 'console', pattern: /\bconsole\b/ },
  { name: 'a dynamic import', pattern: /\bimport\s*\(/ },
];

/** The module specifiers a source imports. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
}
