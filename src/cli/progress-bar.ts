import { SingleBar } from 'cli-progress';
import type { CliOutput } from './cli-io.js';

/** Files above this size get a progress bar (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;

/** A progress bar over the bytes of an input file, with the records acknowledged so far. */
export interface ByteProgress {
  update(bytes: number, records: number): void;
  stop(): void;
}

const NONE: ByteProgress = { update: () => {}, stop: () => {} };

/** A bar on `stream` when it is a terminal and the input is large; otherwise one that draws nothing. */
export function byteProgress(stream: CliOutput, totalBytes: number): ByteProgress {
  if (stream.isTTY !== true || totalBytes < PROGRESS_MIN_BYTES) return NONE;
  const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1);
  const bar = new SingleBar({
    stream,
    format: 'upsert [{bar}] {percentage}% | {mbDone}/{mbTotal} MB | {records} records | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: false,
    fps: 5,
  });
  bar.start(totalBytes, 0, { mbDone: mb(0), mbTotal: mb(totalBytes), records: 0 });
  return {
    update: (bytes, records) => bar.update(Math.min(bytes, totalBytes), { mbDone: mb(Math.min(bytes, totalBytes)), records }),
    stop: () => bar.stop(),
  };
}
