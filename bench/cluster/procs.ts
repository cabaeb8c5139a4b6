/**
 * Child processes of bench/cluster-bench.ts: the load client, the echo server and the hnswlib
 * baseline each run as `node --import tsx <script> '<job JSON>'`, and the CPU time of any
 * process of the machine is read from /proc.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaselineJob, BaselineResult, ClientJob, FailoverJob, FailoverResult } from './jobs.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const LOAD_CLIENT = join(HERE, 'load-client.ts');
const ECHO_SERVER = join(HERE, 'echo-server.ts');
const HNSW_BASELINE = join(HERE, 'hnsw-baseline.ts');

function spawnTs(script: string, arg: string | null): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...(arg === null ? [] : [arg])], { stdio: ['pipe', 'pipe', 'inherit'] });
}

function lastJsonLine(out: string): unknown {
  const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`no JSON answer in: ${out.slice(-500)}`);
  return JSON.parse(line);
}

/** Runs a script with a JSON job to its end; resolves with the JSON on the last line of its stdout. */
/** Sees a child's stdout lines as they come (and, first, its pid). */
export interface LineWatcher {
  onSpawn?(pid: number): void;
  onLine(line: string): void;
}

function runScript<T>(script: string, job: unknown, watcher?: LineWatcher): Promise<T> {
  const onLine = watcher === undefined ? undefined : (line: string): void => watcher.onLine(line);
  return new Promise((resolve, reject) => {
    const child = spawnTs(script, JSON.stringify(job));
    if (child.pid !== undefined) watcher?.onSpawn?.(child.pid);
    let out = '';
    let seen = 0;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (onLine === undefined) return;
      for (let nl = out.indexOf('\n', seen); nl >= 0; nl = out.indexOf('\n', seen)) {
        onLine(out.slice(seen, nl));
        seen = nl + 1;
      }
    });
    child.stdin!.end();
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code ?? signal}: ${out.slice(-500)}`));
        return;
      }
      try {
        resolve(lastJsonLine(out) as T);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Runs one job of the load client in a fresh process. */
export function runClient<T>(job: Exclude<ClientJob, FailoverJob>, watcher?: LineWatcher): Promise<T> {
  return runScript<T>(LOAD_CLIENT, job, watcher);
}

export function runBaseline(job: BaselineJob): Promise<BaselineResult> {
  return runScript<BaselineResult>(HNSW_BASELINE, job);
}

/** A failover writer: resolves `ready` at its first acknowledged write; `stop()` ends it and returns its log. */
export interface FailoverClient {
  readonly ready: Promise<void>;
  stop(): Promise<FailoverResult>;
}

export function startFailoverClient(job: FailoverJob): FailoverClient {
  const child = spawnTs(LOAD_CLIENT, JSON.stringify(job));
  let out = '';
  let onReady: () => void = () => undefined;
  let onFail: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('READY\n')) onReady();
  });
  void exited.then((code) => onFail(new Error(`the failover client exited (${code}) before its first write was acknowledged`)));
  return {
    ready,
    async stop(): Promise<FailoverResult> {
      child.stdin!.end('stop\n');
      const code = await exited;
      if (code !== 0) throw new Error(`the failover client exited with ${code}`);
      return lastJsonLine(out) as FailoverResult;
    },
  };
}

/** The echo server (bench/cluster/echo-server.ts), once it listens. */
export async function startEchoServer(): Promise<{ address: string; pid: number; stop(): Promise<void> }> {
  const child = spawnTs(ECHO_SERVER, null);
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\S+)\n/.exec(out);
      if (m !== null) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the echo server exited with ${code}`)));
  });
  return {
    address, pid: child.pid!,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

let ticksPerSecond = 0;

/** CPU time (user + system, ms) a process has used so far; 0 once it is gone. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  if (ticksPerSecond === 0) ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3 of proc(5), utime field 14, stime field 15.
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
  } catch {
    return 0;
  }
}

/** CPU time (ms) the whole machine spent busy so far, all cores together (/proc/stat: all but idle and iowait). */
export function machineBusyMs(): number {
  if (ticksPerSecond === 0) processCpuMs(process.pid);
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
    return (busy / ticksPerSecond) * 1000;
  } catch {
    return NaN;
  }
}

/** This process's own CPU time so far (ms). */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
