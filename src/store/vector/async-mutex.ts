/**
 * A FIFO async mutex. The state machine's writers (apply, checkpoint, snapshot capture, restore)
 * take it so that each sees and leaves a consistent LevelDB + HNSW pair; reads do not.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` once every earlier holder has finished, whether it succeeded or failed. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
