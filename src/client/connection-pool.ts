import * as grpc from '@grpc/grpc-js';

/**
 * One gRPC channel per endpoint. The endpoints given at connect come first, in their order;
 * addresses learned later (a leader's `vstudio-served-by` outside the list) join the pool.
 */
export class ConnectionPool {
  private readonly channels = new Map<string, grpc.Client>();
  private readonly order: string[] = [];
  private closed = false;

  constructor(
    endpoints: readonly string[],
    private readonly credentials: grpc.ChannelCredentials,
    private readonly channelOptions: grpc.ChannelOptions,
  ) {
    for (const e of endpoints) this.add(e);
  }

  /** Every endpoint of the pool, the configured ones first. */
  get endpoints(): readonly string[] {
    return this.order;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Adds an endpoint (no-op when known). Channels connect lazily, on first use. */
  add(address: string): void {
    if (this.closed || this.order.includes(address)) return;
    this.order.push(address);
  }

  /** The channel to `address`, created on first use; the address joins the pool. */
  client(address: string): grpc.Client {
    let c = this.channels.get(address);
    if (c === undefined) {
      if (this.closed) throw new Error('connection pool is closed');
      this.add(address);
      c = new grpc.Client(address, this.credentials, this.channelOptions);
      this.channels.set(address, c);
    }
    return c;
  }

  /** Closes every channel; calls in flight fail with CANCELLED. */
  close(): void {
    this.closed = true;
    for (const c of this.channels.values()) c.close();
    this.channels.clear();
  }
}
