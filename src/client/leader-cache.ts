/**
 * Which endpoint served a route last: a collection (`collection:NAME`), a Raft group
 * (`group:ID`) or the meta group (`meta`). Writes and leader reads go there first; an endpoint
 * that failed with UNAVAILABLE is forgotten everywhere.
 */
export class LeaderCache {
  private readonly leaders = new Map<string, string>();

  get(route: string): string | undefined {
    return this.leaders.get(route);
  }

  set(route: string, address: string): void {
    this.leaders.set(route, address);
  }

  /** Forgets every route that points at `address`. */
  forgetAddress(address: string): void {
    for (const [route, a] of this.leaders) if (a === address) this.leaders.delete(route);
  }

  /** Every cached route and its endpoint (for diagnostics). */
  entries(): ReadonlyMap<string, string> {
    return new Map(this.leaders);
  }
}
