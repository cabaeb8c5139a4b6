import { Readable, Writable } from 'node:stream';
import { main, type CliIo, type CliProcess } from '../../../src/cli/main.js';

/** What one `vstudio` run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A writable that keeps what is written; `text()` reads it so far. */
export class Capture extends Writable {
  private readonly chunks: string[] = [];
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    done();
  }
  text(): string {
    return this.chunks.join('');
  }
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  readonly cwd?: string;
  readonly process?: Partial<CliProcess>;
  readonly stdout?: Capture;
  readonly stderr?: Capture;
}

const unexpected = (what: string) => (): never => {
  throw new Error(`test: unexpected ${what}`);
};

/** The io of one test run: captured output, given stdin and env, and process hooks that fail unless given. */
export function testIo(options: RunOptions = {}): CliIo & { stdout: Capture; stderr: Capture } {
  return {
    stdout: options.stdout ?? new Capture(),
    stderr: options.stderr ?? new Capture(),
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: options.env ?? {},
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    process: {
      startNode: unexpected('startNode'),
      onStopSignal: unexpected('onStopSignal'),
      exit: unexpected('exit'),
      serveCommand: unexpected('serveCommand'),
      ...options.process,
    },
  };
}

/** Runs `vstudio argv` in this process. */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const io = testIo(options);
  const code = await main(argv, io);
  return { code, stdout: io.stdout.text(), stderr: io.stderr.text() };
}
