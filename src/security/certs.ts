/**
 * `vstudio certs init`: a cluster CA, one certificate per node (server and client use, the hosts
 * as SANs) and a client certificate, made by the system's `openssl` binary (no hand-written
 * ASN.1, no new dependency). Keys are EC P-256, written with mode 0600.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';

/** File names inside a TLS directory (what `serve --tls-dir` and the clients' `--tls-dir` read). */
export const CA_CERT = 'ca.crt';
export const CA_KEY = 'ca.key';
export const CLIENT_CERT = 'client.crt';
export const CLIENT_KEY = 'client.key';
export const nodeCertFile = (id: number): string => `node-${id}.crt`;
export const nodeKeyFile = (id: number): string => `node-${id}.key`;

/** The subject OU of node certificates: the peer port accepts only these (a client certificate is signed by the same CA). */
export const NODE_OU = 'vstudio-node';
export const CLIENT_OU = 'vstudio-client';

export interface CertsInitOptions {
  readonly dir: string;
  /** Node certificates node-1 … node-N. */
  readonly nodes: number;
  /** SANs of every node certificate (IP addresses or DNS names). */
  readonly hosts: readonly string[];
  /** Reissue node and client certificates that exist already (the CA is never replaced). */
  readonly force?: boolean;
  /** Validity of node and client certificates (default 825 days); the CA gets 10 years. */
  readonly days?: number;
}

export interface CertsInitResult {
  /** Files written (names inside dir). */
  readonly written: string[];
  /** Whether an existing CA was reused. */
  readonly reusedCa: boolean;
}

export class CertsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertsError';
  }
}

function run(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { cwd, env: { ...process.env, OPENSSL_CONF: join(cwd, 'openssl.cnf') } }, (err, _stdout, stderr) => {
      if (err === null) resolve();
      else if ((err as NodeJS.ErrnoException).code === 'ENOENT') reject(new CertsError('the openssl binary is not installed (Debian/Ubuntu: apt-get install openssl)'));
      else reject(new CertsError(`openssl ${args[0] ?? ''} failed: ${stderr.trim().split('\n').slice(-2).join(' ')}`));
    });
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Checks `--hosts` entries: IPv4/IPv6 addresses or DNS names. */
export function parseHosts(text: string): string[] {
  const hosts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (hosts.length === 0) throw new CertsError('--hosts lists no host');
  for (const h of hosts) {
    if (isIP(h) === 0 && !/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(h)) {
      throw new CertsError(`--hosts: "${h}" is neither an IP address nor a DNS name`);
    }
  }
  return hosts;
}

function sanList(hosts: readonly string[]): string {
  return hosts.map((h) => (isIP(h) !== 0 ? `IP:${h}` : `DNS:${h}`)).join(',');
}

// A self-contained config, so that the result does not depend on the system's openssl.cnf.
const OPENSSL_CNF = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

function leafExtensions(kind: 'node' | 'client', hosts: readonly string[]): string {
  return [
    '[leaf]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage = ${kind === 'node' ? 'serverAuth,clientAuth' : 'clientAuth'}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid,issuer',
    ...(kind === 'node' ? [`subjectAltName = ${sanList(hosts)}`] : []),
    '',
  ].join('\n');
}

const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Creates (or completes) a TLS directory. An existing CA is reused, so `certs init --nodes 5`
 * on a directory made for 3 nodes adds node-4 and node-5; existing node and client certificates
 * are kept unless `force` (then reissued by the same CA: rotation, followed by SIGHUP).
 */
export async function certsInit(options: CertsInitOptions): Promise<CertsInitResult> {
  if (!(Number.isInteger(options.nodes) && options.nodes >= 1 && options.nodes <= 1000)) throw new CertsError('--nodes must be an integer from 1 to 1000');
  const days = options.days ?? 825;
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  // Everything is made in a private scratch directory inside dir, then moved into place.
  const work = await mkdtemp(join(options.dir, '.certs-'));
  await chmod(work, 0o700);
  const written: string[] = [];
  try {
    await writeFile(join(work, 'openssl.cnf'), OPENSSL_CNF, { mode: 0o600 });
    const caCert = join(options.dir, CA_CERT);
    const caKey = join(options.dir, CA_KEY);
    const haveCert = await exists(caCert);
    const haveKey = await exists(caKey);
    if (haveCert !== haveKey) throw new CertsError(`${haveCert ? CA_KEY : CA_CERT} is missing in ${options.dir} while ${haveCert ? CA_CERT : CA_KEY} exists: refusing to replace half a CA`);
    const moves: [string, string][] = [];
    if (!haveCert) {
      await run(['req', '-x509', ...KEY_ARGS, '-keyout', CA_KEY, '-out', CA_CERT, '-days', '3650', '-sha256',
        '-subj', '/O=Vector Studio/CN=Vector Studio cluster CA', '-extensions', 'ca_ext', '-config', 'openssl.cnf'], work);
      moves.push([CA_KEY, caKey], [CA_CERT, caCert]);
    }
    const signer = haveCert ? { cert: caCert, key: caKey } : { cert: join(work, CA_CERT), key: join(work, CA_KEY) };
    const leaves: { kind: 'node' | 'client'; cert: string; key: string; subject: string }[] = [];
    for (let id = 1; id <= options.nodes; id++) {
      leaves.push({ kind: 'node', cert: nodeCertFile(id), key: nodeKeyFile(id), subject: `/O=Vector Studio/OU=${NODE_OU}/CN=node-${id}` });
    }
    leaves.push({ kind: 'client', cert: CLIENT_CERT, key: CLIENT_KEY, subject: `/O=Vector Studio/OU=${CLIENT_OU}/CN=client` });
    for (const leaf of leaves) {
      if (options.force !== true && await exists(join(options.dir, leaf.cert))) continue;
      const ext = `${leaf.cert}.ext`;
      await writeFile(join(work, ext), leafExtensions(leaf.kind, options.hosts), { mode: 0o600 });
      await run(['req', '-new', ...KEY_ARGS, '-keyout', leaf.key, '-out', `${leaf.cert}.csr`, '-subj', leaf.subject, '-config', 'openssl.cnf'], work);
      await run(['x509', '-req', '-in', `${leaf.cert}.csr`, '-CA', signer.cert, '-CAkey', signer.key, '-set_serial', `0x${randomBytes(16).toString('hex')}`,
        '-days', String(days), '-sha256', '-extfile', ext, '-extensions', 'leaf', '-out', leaf.cert], work);
      moves.push([leaf.key, join(options.dir, leaf.key)], [leaf.cert, join(options.dir, leaf.cert)]);
    }
    for (const [from, to] of moves) {
      await chmod(join(work, from), from.endsWith('.key') ? 0o600 : 0o644);
      await rename(join(work, from), to);
      written.push(from);
    }
    return { written, reusedCa: haveCert };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
