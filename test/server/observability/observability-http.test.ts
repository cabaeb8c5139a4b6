import { afterEach, describe, expect, it } from 'vitest';
import { NodeMetrics } from '../../../src/server/metrics.js';
import {
  ObservabilityListenError,
  startObservabilityServer,
  type ObservabilityServer,
  type Readiness,
} from '../../../src/server/observability-http.js';

const servers: ObservabilityServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function start(isReady: () => Readiness = () => true, metrics = new NodeMetrics()): Promise<ObservabilityServer> {
  const s = await startObservabilityServer({ listen: '127.0.0.1:0', metrics, isReady });
  servers.push(s);
  return s;
}

describe('the observability HTTP server', () => {
  it('binds the given host and reports the real port', async () => {
    const s = await start();
    expect(s.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(s.address).not.toBe('127.0.0.1:0');
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const metrics = new NodeMetrics();
    metrics.setGroupState(3, { term: 2, commitIndex: 9, appliedIndex: 9, isLeader: false });
    const s = await start(() => true, metrics);
    const res = await fetch(`http://${s.address}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(metrics.contentType);
    expect(await res.text()).toContain('vstudio_raft_commit_index{group="3"} 9');
  });

  it('answers /healthz with 200 ok even when not ready', async () => {
    const s = await start(() => false);
    const res = await fetch(`http://${s.address}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('answers /readyz with 200 when ready', async () => {
    const s = await start(() => ({ ready: true }));
    const res = await fetch(`http://${s.address}/readyz`);
    expect(res.status).toBe(200);
  });

  it('answers /readyz with 503 and the reason when not ready', async () => {
    const s = await start(() => ({ ready: false, reason: 'group 4: replaying the log' }));
    const res = await fetch(`http://${s.address}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('group 4: replaying the log\n');
  });

  it('answers /readyz with 503 when the readiness check throws', async () => {
    const s = await start(() => {
      throw new Error('catalog not loaded');
    });
    const res = await fetch(`http://${s.address}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('catalog not loaded');
  });

  it('answers an unknown path with 404', async () => {
    const s = await start();
    expect((await fetch(`http://${s.address}/metricsx`)).status).toBe(404);
  });

  it('answers another method than GET or HEAD with 405', async () => {
    const s = await start();
    const res = await fetch(`http://${s.address}/metrics`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses connections once closed', async () => {
    const s = await startObservabilityServer({ listen: '127.0.0.1:0', metrics: new NodeMetrics(), isReady: () => true });
    await (await fetch(`http://${s.address}/healthz`)).text();
    await s.close();
    await expect(fetch(`http://${s.address}/healthz`)).rejects.toThrow();
  });

  it('rejects with ObservabilityListenError when the port is taken', async () => {
    const s = await start();
    await expect(startObservabilityServer({ listen: s.address, metrics: new NodeMetrics(), isReady: () => true }))
      .rejects.toThrow(ObservabilityListenError);
  });

  it('rejects a listen address that is not host:port', async () => {
    await expect(startObservabilityServer({ listen: '9101', metrics: new NodeMetrics(), isReady: () => true }))
      .rejects.toThrow(ObservabilityListenError);
  });
});
