import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { VectorStudioClient, type ClusterStatus } from '../../client/index.js';
import { CommandError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import type { CommandContext } from '../command-context.js';
import * as parse from '../option-parsers.js';

/** One node of the development cluster. */
export interface DevNode {
  readonly id: number;
  readonly client: string;
  readonly peer: string;
  readonly metrics: string;
  readonly dataDir: string;
  readonly log: string;
}

/** The shape of a development cluster, stored in its data directory so that a rerun matches it. */
export interface DevLayout {
  readonly nodes: number;
  readonly basePort: number;
}

const LAYOUT_FILE = 'dev-cluster.json';
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 300;
const STOP_GRACE_MS = 10_000;

/** Node i (1-based): client port base+i-1, peer base+100+i-1, metrics base+200+i-1, data in <root>/node-<i>. */
export function devNodes(layout: DevLayout, root: string): DevNode[] {
  return Array.from({ length: layout.nodes }, (_, i) => ({
    id: i + 1,
    client: `127.0.0.1:${layout.basePort + i}`,
    peer: `127.0.0.1:${layout.basePort + 100 + i}`,
    metrics: `127.0.0.1:${layout.basePort + 200 + i}`,
    dataDir: join(root, `node-${i + 1}`),
    log: join(root, `node-${i + 1}.log`),
  }));
}

/** The `serve` arguments of one node. */
export function serveArgs(node: DevNode, all: readonly DevNode[]): string[] {
  return [
    '--node-id', String(node.id),
    '--data', node.dataDir,
    '--listen', node.client,
    '--peer-listen', node.peer,
    '--initial-cluster', all.map((n) => `${n.id}=${n.peer}`).join(','),
    '--metrics-listen', node.metrics,
  ];
}

/** Whether the meta group has a leader in this status. */
export function metaLeader(status: ClusterStatus): number {
  const meta = status.groups.find((g) => g.id === status.metaGroupId) ?? status.groups.find((g) => g.collection === '');
  return meta?.leader ?? 0;
}

interface Child {
  readonly node: DevNode;
  readonly proc: ChildProcess;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  readonly exited: Promise<void>;
}

/** The layout to run: the stored one when the directory holds a cluster, checked against explicit flags. */
async function resolveLayout(root: string, wanted: DevLayout, explicit: { nodes: boolean; basePort: boolean }, shown: string): Promise<DevLayout> {
  const file = join(root, LAYOUT_FILE);
  let stored: DevLayout | null = null;
  try {
    const o = JSON.parse(await readFile(file, 'utf8')) as Partial<DevLayout>;
    if (typeof o.nodes === 'number' && typeof o.basePort === 'number') stored = { nodes: o.nodes, basePort: o.basePort };
  } catch {
    stored = null;
  }
  if (stored !== null) {
    if ((explicit.nodes && wanted.nodes !== stored.nodes) || (explicit.basePort && wanted.basePort !== stored.basePort)) {
      throw new CommandError('FAILED_PRECONDITION',
        `${shown} holds a ${stored.nodes}-node dev cluster on base port ${stored.basePort}; `
        + `run with --nodes ${stored.nodes} --base-port ${stored.basePort} (or without them), or use another --data`);
    }
    return stored;
  }
  await writeFile(file, `${JSON.stringify(wanted)}\n`);
  return wanted;
}

async function logTail(path: string, lines = 5): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines);
  } catch {
    return [];
  }
}

function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Runs a local cluster of `serve` child processes until SIGINT/SIGTERM (DESIGN.md §8 `vstudio
 * dev`). Rerunning on the same --data restarts the same nodes from their data.
 */
export async function runDev(
  wanted: DevLayout, dataFlag: string, explicit: { nodes: boolean; basePort: boolean }, io: CliIo,
): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const root = resolve(cwd, dataFlag);
  const rel = relative(cwd, root);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? root : `./${rel}`;
  await mkdir(root, { recursive: true });
  const layout = await resolveLayout(root, wanted, explicit, shown);
  if (layout.basePort + 200 + layout.nodes - 1 > 65535) {
    throw new CommandError('INVALID_ARGUMENT', `--base-port ${layout.basePort} leaves no room for ${layout.nodes} nodes (ports up to base+200+nodes-1)`, 2);
  }
  const nodes = devNodes(layout, root);
  const shownLog = (n: DevNode): string => `${shown}/node-${n.id}.log`;
  io.stderr.write(`vstudio dev: starting ${nodes.length} node(s), data in ${shown}, logs in ${shown}/node-<id>.log\n`);

  let stopping = false;
  const children: Child[] = nodes.map((node) => {
    const { command, args } = io.process.serveCommand(serveArgs(node, nodes));
    const fd = openSync(node.log, 'a');
    writeSync(fd, `--- vstudio dev: node ${node.id} starting at ${new Date().toISOString()} ---\n`);
    let proc: ChildProcess;
    try {
      proc = spawn(command, [...args], { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    let onExit: () => void = () => {};
    const child: Child = { node, proc, exit: null, exited: new Promise<void>((r) => { onExit = r; }) };
    proc.on('exit', (code, signal) => {
      child.exit = { code, signal };
      if (!stopping) io.stderr.write(`vstudio dev: node ${node.id} ${describeExit(child.exit)} unexpectedly; its log is ${shownLog(node)}\n`);
      onExit();
    });
    proc.on('error', (e) => {
      io.stderr.write(`vstudio dev: node ${node.id} could not start: ${e.message}\n`);
      child.exit ??= { code: null, signal: null };
      onExit();
    });
    return child;
  });

  const stopAll = async (): Promise<void> => {
    stopping = true;
    const live = children.filter((c) => c.exit === null);
    for (const c of live) c.proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), STOP_GRACE_MS); });
    const all = Promise.all(live.map((c) => c.exited)).then(() => 'done' as const);
    if (await Promise.race([all, grace]) === 'timeout') {
      for (const c of children.filter((x) => x.exit === null)) {
        io.stderr.write(`vstudio dev: node ${c.node.id} did not stop within ${STOP_GRACE_MS / 1000} s; killing it\n`);
        c.proc.kill('SIGKILL');
      }
      await all;
    }
    clearTimeout(timer);
  };

  // Until every node answers ClusterStatus with a meta leader, or a node exits, or 60 s pass.
  const clients = await Promise.all(nodes.map((n) => VectorStudioClient.connect({ endpoints: [n.client], timeoutMs: 1000 })));
  try {
    const ready = new Set<number>();
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let lastNote = Date.now();
    while (ready.size < nodes.length) {
      const dead = children.find((c) => c.exit !== null);
      if (dead !== undefined) {
        await stopAll();
        for (const line of await logTail(dead.node.log)) io.stderr.write(`  node-${dead.node.id}.log | ${line}\n`);
        throw new CommandError('UNAVAILABLE', `node ${dead.node.id} ${describeExit(dead.exit!)} during startup; its log is ${shownLog(dead.node)}`);
      }
      if (Date.now() > deadline) {
        await stopAll();
        const pending = nodes.filter((n) => !ready.has(n.id)).map((n) => n.id);
        throw new CommandError('DEADLINE_EXCEEDED',
          `node(s) ${pending.join(', ')} did not report a meta-group leader within ${READY_TIMEOUT_MS / 1000} s; logs in ${shown}/node-<id>.log`);
      }
      await Promise.all(nodes.map(async (n, i) => {
        if (ready.has(n.id)) return;
        try {
          const leader = metaLeader(await clients[i]!.clusterStatus());
          if (leader !== 0) {
            ready.add(n.id);
            io.stderr.write(`vstudio dev: node ${n.id} ready (${n.client}, meta leader: node ${leader}) [${ready.size}/${nodes.length}]\n`);
          }
        } catch {
          // not serving yet
        }
      }));
      if (ready.size < nodes.length) {
        if (Date.now() - lastNote >= 5000) {
          lastNote = Date.now();
          io.stderr.write(`vstudio dev: waiting for node(s) ${nodes.filter((n) => !ready.has(n.id)).map((n) => n.id).join(', ')}\n`);
        }
        await sleep(POLL_MS);
      }
    }
  } catch (e) {
    if (!stopping) await stopAll();
    throw e;
  } finally {
    for (const c of clients) c.close();
  }

  const endpoints = nodes.map((n) => n.client).join(',');
  io.stdout.write([
    `vstudio dev: ${nodes.length}-node cluster ready (data in ${shown})`,
    ...nodes.map((n) => `  node ${n.id}  client ${n.client}  peer ${n.peer}  metrics http://${n.metrics}/metrics  log ${shownLog(n)}`),
    '',
    'try, in another terminal:',
    `  export VSTUDIO_ENDPOINTS=${endpoints}`,
    '  npx vstudio collection create demo --dim 3 --metric cosine',
    '  echo \'{"id": "doc-1", "vector": [0.1, 0.2, 0.3], "payload": {"lang": "en"}}\' | npx vstudio upsert demo',
    '  npx vstudio search demo --vector \'[0.1, 0.2, 0.3]\' -k 5',
    '  npx vstudio cluster status',
    '',
    'Ctrl-C stops the cluster; running `vstudio dev` again restarts it from its data.',
    '',
  ].join('\n'));

  return new Promise<number>((resolveExit) => {
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      off();
      resolveExit(code);
    };
    const off = io.process.onStopSignal((signal) => {
      if (stopping) return;
      io.stderr.write(`vstudio dev: ${signal}: stopping ${children.filter((c) => c.exit === null).length} node(s)\n`);
      void stopAll().then(() => {
        io.stderr.write('vstudio dev: stopped\n');
        io.process.exit(0);
        finish(0);
      });
    });
    void Promise.all(children.map((c) => c.exited)).then(() => {
      if (stopping) return;
      stopping = true;
      io.stderr.write('vstudio dev: every node exited; see the logs above\n');
      finish(1);
    });
  });
}

interface DevFlags {
  readonly nodes: number;
  readonly data: string;
  readonly basePort: number;
}

/** `vstudio dev [--nodes 3] [--data ./data/dev] [--base-port 7001]`. */
export function registerDev(program: Command, ctx: CommandContext): void {
  program.command('dev')
    .description('run a local development cluster of `serve` processes (what `npm start` runs)')
    .option('--nodes <n>', 'number of nodes', parse.positiveInt, 3)
    .option('--data <dir>', 'data directory: node-<id>/ and node-<id>.log per node', './data/dev')
    .option('--base-port <port>', 'client ports base.., peers base+100.., metrics base+200..', parse.port, 7001)
    .action(async (flags: DevFlags, cmd: Command) => {
      const explicit = {
        nodes: cmd.getOptionValueSource('nodes') === 'cli',
        basePort: cmd.getOptionValueSource('basePort') === 'cli',
      };
      ctx.setExitCode(await runDev({ nodes: flags.nodes, basePort: flags.basePort }, flags.data, explicit, ctx.io));
    });
}
