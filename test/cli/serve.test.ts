import { describe, expect, it } from 'vitest';
import type { NodeOptions } from '../../src/server/node-options.js';
import type { StopSignal } from '../../src/cli/main.js';
import { runCli } from './support/run-cli.js';

const REQUIRED = ['--node-id', '2', '--data', '/tmp/vstudio-never-used', '--listen', '127.0.0.1:7002', '--peer-listen', '127.0.0.1:7102'];

describe('vstudio serve', () => {
  it('passes --join, --down-after and --manual-placement through', async () => {
    let options: NodeOptions | undefined;
    const r = await runCli(['serve', ...REQUIRED, '--join', '127.0.0.1:7001', '--down-after', '90s', '--manual-placement', '--split-above', '64KiB'], {
      process: { startNode: (o) => { options = o; return Promise.reject(new Error('stop here')); } },
    });
    expect(r.code).toBe(1);
    expect(options).toMatchObject({ join: '127.0.0.1:7001', downAfterMs: 90_000, manualPlacement: true, splitAboveBytes: 65_536 });
  });

  it('refuses --join together with --initial-cluster, exit 2', async () => {
    const r = await runCli(['serve', ...REQUIRED, '--initial-cluster', '2=127.0.0.1:7102', '--join', '127.0.0.1:7001']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--join and --initial-cluster exclude each other/);
  });

  it('refuses a --down-after that is not a duration, exit 2', async () => {
    const r = await runCli(['serve', ...REQUIRED, '--down-after', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--down-after/);
  });

  it('passes --encryption-key-file and each --encryption-previous-key-file through, resolved against the working directory', async () => {
    let options: NodeOptions | undefined;
    const r = await runCli(['serve', ...REQUIRED, '--encryption-key-file', 'keys/new', '--encryption-previous-key-file', '/etc/old1', '--encryption-previous-key-file', 'old2'], {
      cwd: '/srv',
      process: { startNode: (o) => { options = o; return Promise.reject(new Error('stop here')); } },
    });
    expect(r.code).toBe(1);
    expect(options?.encryptionKeyFile).toBe('/srv/keys/new');
    expect(options?.encryptionPreviousKeyFiles).toEqual(['/etc/old1', '/srv/old2']);
  });

  it('passes --tls-dir and --auth-file through, resolved against the working directory', async () => {
    let options: NodeOptions | undefined;
    const r = await runCli(['serve', ...REQUIRED, '--tls-dir', 'tls', '--auth-file', '/etc/keys.json'], {
      cwd: '/srv',
      process: { startNode: (o) => { options = o; return Promise.reject(new Error('stop here')); } },
    });
    expect(r.code).toBe(1);
    expect(options?.tlsDir).toBe('/srv/tls');
    expect(options?.authFile).toBe('/etc/keys.json');
  });

  it('requires --node-id, exit 2', async () => {
    const r = await runCli(['serve', '--data', 'd', '--listen', '127.0.0.1:1', '--peer-listen', '127.0.0.1:2']);
    expect(r).toMatchObject({ code: 2, stderr: 'INVALID_ARGUMENT: --node-id is required\n' });
  });

  it('refuses an --initial-cluster that does not list the node, exit 2', async () => {
    const r = await runCli(['serve', ...REQUIRED, '--initial-cluster', '1=127.0.0.1:7101']);
    expect(r).toMatchObject({ code: 2, stderr: 'INVALID_ARGUMENT: --initial-cluster does not list this node (--node-id 2)\n' });
  });

  it('starts the node from the flags and shuts it down on SIGTERM, exit 0', async () => {
    let options: NodeOptions | undefined;
    let signal: ((s: StopSignal) => void) | undefined;
    let shutdowns = 0;
    const exits: number[] = [];
    const running = runCli([
      'serve', ...REQUIRED, '--initial-cluster', '1=127.0.0.1:7101,2=127.0.0.1:7102', '--zone', 'z1', '--metrics-listen', '127.0.0.1:7202',
      '--log-level', 'warn', '--replicas', '2', '--tick-ms', '50',
    ], {
      cwd: '/tmp',
      process: {
        startNode: async (o) => {
          options = o;
          setImmediate(() => signal?.('SIGTERM'));
          return { nodeId: o.nodeId, clientAddress: o.listen, peerAddress: o.peerListen, shutdown: async () => { shutdowns++; } };
        },
        onStopSignal: (handler) => {
          signal = handler;
          return () => { signal = undefined; };
        },
        exit: (code) => { exits.push(code); },
      },
    });
    const r = await running;
    expect(r.code).toBe(0);
    expect(shutdowns).toBe(1);
    expect(exits).toEqual([0]);
    expect(options).toEqual({
      nodeId: 2, dataDir: '/tmp/vstudio-never-used', listen: '127.0.0.1:7002', peerListen: '127.0.0.1:7102',
      initialCluster: new Map([[1, '127.0.0.1:7101'], [2, '127.0.0.1:7102']]), zone: 'z1', metricsListen: '127.0.0.1:7202',
      logLevel: 'warn', replicas: 2, tickMs: 50,
    });
    expect(r.stderr).toContain('node 2 serving clients on 127.0.0.1:7002');
  });

  it('passes --peer-advertise and repeated --peer-route through', async () => {
    let options: NodeOptions | undefined;
    const r = await runCli(['serve', ...REQUIRED, '--peer-advertise', '127.0.0.1:9102', '--peer-route', '1=127.0.0.1:9001',
      '--peer-route', '3=127.0.0.1:9003,4=127.0.0.1:9004'], {
      process: { startNode: (o) => { options = o; return Promise.reject(new Error('stop here')); } },
    });
    expect(r.code).toBe(1);
    expect(options?.peerAdvertise).toBe('127.0.0.1:9102');
    expect(options?.peerRoutes).toEqual(new Map([[1, '127.0.0.1:9001'], [3, '127.0.0.1:9003'], [4, '127.0.0.1:9004']]));
  });

  it('refuses a --peer-route that is not ID=host:port, exit 2', async () => {
    const r = await runCli(['serve', ...REQUIRED, '--peer-route', 'x=127.0.0.1:1']);
    expect(r).toMatchObject({ code: 2, stderr: 'INVALID_ARGUMENT: --peer-route: "x=127.0.0.1:1" is not ID=host:port with ID a positive integer\n' });
  });

  it('exits 1 with the error line when the node fails to start', async () => {
    const r = await runCli(['serve', ...REQUIRED], {
      process: { startNode: () => Promise.reject(new Error('data directory is locked')) },
    });
    expect(r).toMatchObject({ code: 1, stderr: 'INTERNAL: data directory is locked\n' });
  });
});
