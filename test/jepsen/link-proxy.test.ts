import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkProxy } from '../../jepsen-lite/link-proxy.js';

/** A server that records what it receives and sends "pong" for every chunk. */
async function target(): Promise<{ server: Server; port: number; received: string[]; sockets: Socket[] }> {
  const received: string[] = [];
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', (d) => { received.push(d.toString()); s.write('pong'); });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return { server, port: typeof a === 'object' && a !== null ? a.port : 0, received, sockets };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(): Promise<{ proxy: LinkProxy; t: Awaited<ReturnType<typeof target>>; client: Socket; got: string[] }> {
  const t = await target();
  const proxy = await LinkProxy.start(1, 2);
  proxy.targetPort = t.port;
  const client = connect(proxy.port, '127.0.0.1');
  client.on('error', () => {});
  const got: string[] = [];
  client.on('data', (d) => got.push(d.toString()));
  await new Promise<void>((r) => client.once('connect', () => r()));
  cleanups.push(async () => {
    client.destroy();
    await proxy.close();
    for (const s of t.sockets) s.destroy();
    await new Promise<void>((r) => t.server.close(() => r()));
  });
  return { proxy, t, client, got };
}

describe('LinkProxy', () => {
  it('forwards both ways while open', async () => {
    const { t, client, got } = await setup();
    client.write('ping');
    await sleep(100);
    expect(t.received.join('')).toBe('ping');
    expect(got.join('')).toBe('pong');
  });

  it('one-way: a black-holed forward direction loses the dialer\'s bytes, the other direction still flows', async () => {
    const { proxy, t, client, got } = await setup();
    client.write('a');
    await sleep(100);
    proxy.cut('blackhole', 'forward');
    client.write('lost');
    t.sockets[0]!.write('still-here');
    await sleep(100);
    expect(t.received.join('')).toBe('a');
    expect(got.join('')).toContain('still-here');
  });

  it('drop destroys the connection and refuses new ones until healed', async () => {
    const { proxy, client } = await setup();
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    proxy.cut('drop');
    await closed;
    const again = connect(proxy.port, '127.0.0.1');
    again.on('error', () => {});
    await new Promise<void>((r) => again.once('close', () => r()));
    proxy.heal();
    const healed = connect(proxy.port, '127.0.0.1');
    await new Promise<void>((r) => healed.once('connect', () => r()));
    healed.write('x');
    const answer = await new Promise<string>((r) => healed.once('data', (d) => r(d.toString())));
    expect(answer).toBe('pong');
    healed.destroy();
  });
});
