/** `host:port`, `[v6]:port`. */
const ADDRESS = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

/** Whether `text` is a `host:port` address the client can dial. */
export function isEndpoint(text: string): boolean {
  const m = ADDRESS.exec(text);
  if (m === null) return false;
  const port = Number(m[2]);
  return port > 0 && port < 65536;
}

/** Whether an address names no particular host (`0.0.0.0:7001`, `[::]:7001`): not dialable. */
export function isWildcardAddress(text: string): boolean {
  return /^(0\.0\.0\.0|\[::\]|\[0*:0*:0*:0*:0*:0*:0*:0*\]):\d+$/.test(text);
}

/** Splits `H:P[,H:P]` into trimmed, deduplicated endpoints (empty parts dropped). */
export function splitEndpoints(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s.length > 0))];
}
