import type { NodeOptions } from '../server/node-options.js';
import type { RunningNode } from '../server/start-node.js';

/** A writable stream the CLI prints to; `isTTY` decides whether a progress bar is drawn. */
export type CliOutput = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** The signals `serve` and `dev` stop on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** What `serve` and `dev` need from the process; tests replace it. */
export interface CliProcess {
  /** Starts a node in this process (`serve`). */
  readonly startNode: (options: NodeOptions) => Promise<RunningNode>;
  /** Calls `handler` on SIGINT and SIGTERM; returns the function that stops listening. */
  readonly onStopSignal: (handler: (signal: StopSignal) => void) => () => void;
  /** Ends the process (`serve` and `dev` after a stop signal). */
  readonly exit: (code: number) => void;
  /** The command that runs `vstudio serve ARGS` in a child process (`dev`). */
  readonly serveCommand: (args: readonly string[]) => { readonly command: string; readonly args: readonly string[] };
}

/** Where the CLI reads, writes and finds its environment. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths are resolved against (default: process.cwd()). */
  readonly cwd?: string;
  readonly process: CliProcess;
}

/** Node flags that must not be passed on to child processes (a second inspector would clash). */
function inheritableExecArgv(): string[] {
  return process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
}

/** The real process: its streams, environment, signals and `process.exit`. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    process: {
      startNode: async (options) => (await import('../server/start-node.js')).startNode(options),
      onStopSignal: (handler) => {
        const onInt = (): void => handler('SIGINT');
        const onTerm = (): void => handler('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
        return () => {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
        };
      },
      exit: (code) => process.exit(code),
      serveCommand: (args) => {
        const entry = process.argv[1];
        if (entry === undefined) throw new Error('cannot tell which script runs vstudio (process.argv[1] is empty)');
        return { command: process.execPath, args: [...inheritableExecArgv(), entry, 'serve', ...args] };
      },
    },
  };
}
