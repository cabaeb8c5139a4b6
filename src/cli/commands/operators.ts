import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import type { OperatorInfo, OperatorsStatus, VectorStudioClient } from '../../client/index.js';
import { CommandError } from '../cli-errors.js';
import { withClient } from '../client-options.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import * as parse from '../option-parsers.js';
import { formatTable } from '../table.js';

function what(o: OperatorInfo): string {
  return o.from !== undefined ? `${o.from} -> ${o.to}` : o.node !== undefined ? String(o.node) : '-';
}

export function formatOperators(s: OperatorsStatus): string {
  if (s.operators.length === 0) return s.planned === 0 ? 'no operators: the cluster is balanced and whole\n' : `no operators under way (${s.planned} planned)\n`;
  return formatTable(['ID', 'KIND', 'GROUP', 'NODES', 'STEP', 'AGE'],
    s.operators.map((o) => [o.id, o.kind, o.groupId, what(o), o.step, `${Math.max(0, Math.round((Date.now() - o.startedAtMs) / 1000))}s`]));
}

/** Polls until no operator is under way and a planning round starts none; calls `onProgress` after each poll. */
export async function waitBalanced(c: VectorStudioClient, timeoutMs: number, onProgress: (s: OperatorsStatus, done: number) => void): Promise<OperatorsStatus> {
  const until = Date.now() + timeoutMs;
  const seen = new Set<number>();
  for (;;) {
    const s = await c.listOperators({ planNow: true });
    for (const o of s.operators) seen.add(o.id);
    onProgress(s, seen.size - s.operators.length);
    if (s.operators.length === 0 && s.planned === 0) return s;
    if (Date.now() > until) throw new CommandError('DEADLINE_EXCEEDED', `still ${s.operators.length} operators under way after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `vstudio operators` and `vstudio rebalance [--wait]`. */
export function registerOperators(program: Command, ctx: CommandContext): void {
  program.command('operators')
    .description('the coordinator\'s operators under way (replica moves, leadership transfers)')
    .action(async (_flags: unknown, cmd: Command) => {
      const g = clientFlags(cmd);
      const s = await withClient(g, ctx.io, (c) => c.listOperators());
      out(ctx, g.json ? jsonLine(s) : formatOperators(s));
    });
  program.command('rebalance')
    .description('run a planning round now (the coordinator also plans every second); --wait until balanced and whole')
    .option('--wait', 'wait until no operator is under way and none is planned, with a progress bar')
    .option('--wait-timeout <duration>', 'give up waiting after this long (default 10m)', parse.durationMs, 600_000)
    .action(async (flags: { wait?: boolean; waitTimeout: number }, cmd: Command) => {
      const g = clientFlags(cmd);
      if (flags.wait !== true) {
        const s = await withClient(g, ctx.io, (c) => c.listOperators({ planNow: true }));
        out(ctx, g.json ? jsonLine(s) : formatOperators(s));
        return;
      }
      const bar = ctx.io.stderr.isTTY === true && !g.json
        ? new SingleBar({ stream: ctx.io.stderr, format: 'rebalance [{bar}] {value}/{total} operators done', hideCursor: true, fps: 5 })
        : null;
      let started = false;
      const s = await withClient(g, ctx.io, (c) => waitBalanced(c, flags.waitTimeout, (st, done) => {
        if (bar === null) return;
        const total = done + st.operators.length;
        if (!started) {
          bar.start(Math.max(1, total), done);
          started = true;
        }
        bar.setTotal(Math.max(1, total));
        bar.update(done);
      }).finally(() => bar?.stop()));
      out(ctx, g.json ? jsonLine({ balanced: true, ...s }) : 'balanced: no operator under way, none planned\n');
    });
}
