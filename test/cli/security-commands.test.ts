import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeyStore, readKeyFile } from '../../src/security/api-keys.js';
import { runCli } from './support/run-cli.js';

describe('vstudio certs init', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'vstudio-certs-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes a CA, node and client certificates with openssl, keys 0600, hosts as SANs', async () => {
    const r = await runCli(['certs', 'init', '--dir', 'tls', '--nodes', '2', '--hosts', '127.0.0.1,db.example.com', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reusedCa: false, written: ['ca.key', 'ca.crt', 'node-1.key', 'node-1.crt', 'node-2.key', 'node-2.crt', 'client.key', 'client.crt'] });
    const tls = join(dir, 'tls');
    for (const key of ['ca.key', 'node-1.key', 'node-2.key', 'client.key']) expect((await stat(join(tls, key))).mode & 0o777).toBe(0o600);
    const text = execFileSync('openssl', ['x509', '-in', join(tls, 'node-2.crt'), '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/IP Address:127\.0\.0\.1, DNS:db\.example\.com/);
    expect(text).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text).toMatch(/OU = vstudio-node, CN = node-2/);
    expect(execFileSync('openssl', ['verify', '-CAfile', join(tls, 'ca.crt'), join(tls, 'node-1.crt'), join(tls, 'client.crt')], { encoding: 'utf8' })).toMatch(/node-1\.crt: OK\n.*client\.crt: OK/);
    // Run again for more nodes: the CA is reused, existing certificates kept.
    const again = await runCli(['certs', 'init', '--dir', 'tls', '--nodes', '3', '--json'], { cwd: dir });
    expect(JSON.parse(again.stdout)).toEqual({ dir: tls, reusedCa: true, written: ['node-3.key', 'node-3.crt'] });
  });

  it('refuses a bad --hosts entry, exit 2', async () => {
    const r = await runCli(['certs', 'init', '--dir', dir, '--hosts', 'not a host']);
    expect(r).toMatchObject({ code: 2, stderr: 'INVALID_ARGUMENT: --hosts: "not a host" is neither an IP address nor a DNS name\n' });
  });
});

describe('vstudio auth', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'vstudio-auth-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('add-key prints the key once and stores only a salted hash; list and revoke', async () => {
    const file = join(dir, 'keys.json');
    const add = await runCli(['auth', 'add-key', '--file', file, '--name', 'ci', '--role', 'writer', '--collections', 'a,b']);
    expect(add.code).toBe(0);
    const key = add.stdout.trim();
    expect(key).toMatch(/^vsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(add.stderr).toMatch(/shown only this once/);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(key.slice(21));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const store = new ApiKeyStore(await readKeyFile(file));
    expect(store.verify(key)).toMatchObject({ name: 'ci', role: 'writer', collections: new Set(['a', 'b']) });
    expect(store.verify(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeNull();

    const dup = await runCli(['auth', 'add-key', '--file', file, '--name', 'ci', '--role', 'reader']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/^FAILED_PRECONDITION: a key named "ci" exists already/);

    const list = await runCli(['auth', 'list', '--file', file, '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject({ keys: [{ name: 'ci', role: 'writer', collections: ['a', 'b'] }] });
    expect(list.stdout).not.toContain(key);

    expect((await runCli(['auth', 'revoke', '--file', file, 'ci'])).stdout).toBe('revoked key "ci"\n');
    expect(new ApiKeyStore(await readKeyFile(file)).verify(key)).toBeNull();
  });

  it('refuses an unknown role, exit 2', async () => {
    const r = await runCli(['auth', 'add-key', '--file', join(dir, 'k.json'), '--name', 'x', '--role', 'root']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--role must be one of reader, writer, admin/);
  });
});
