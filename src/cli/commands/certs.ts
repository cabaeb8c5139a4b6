import { resolve } from 'node:path';
import type { Command } from 'commander';
import { certsInit, CertsError, parseHosts } from '../../security/certs.js';
import { CommandError, UsageError } from '../cli-errors.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import * as parse from '../option-parsers.js';

interface CertsInitFlags {
  readonly dir: string;
  readonly nodes: number;
  readonly hosts: string;
  readonly days?: number;
  readonly force?: boolean;
}

/** `vstudio certs init`. */
export function registerCerts(program: Command, ctx: CommandContext): void {
  const certs = program.command('certs').description('cluster certificates (with the system\'s openssl)');
  certs.command('init')
    .description('create a cluster CA, node-<id>.crt/.key per node and client.crt/.key in DIR (keys mode 0600); an existing CA is reused')
    .requiredOption('--dir <dir>', 'where to write them')
    .option('--nodes <n>', 'node certificates node-1 … node-N', parse.positiveInt, 3)
    .option('--hosts <h,...>', 'IP addresses and DNS names every node certificate is valid for', '127.0.0.1,localhost')
    .option('--days <n>', 'validity of node and client certificates (default 825)', parse.positiveInt)
    .option('--force', 'reissue node and client certificates that exist (rotation; the CA is kept)')
    .action(async (_flags: unknown, cmd: Command) => {
      const flags = cmd.opts<CertsInitFlags>();
      const dir = resolve(ctx.io.cwd ?? process.cwd(), flags.dir);
      let hosts: string[];
      try {
        hosts = parseHosts(flags.hosts);
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      try {
        const r = await certsInit({ dir, nodes: flags.nodes, hosts, ...(flags.days === undefined ? {} : { days: flags.days }), ...(flags.force === true ? { force: true } : {}) });
        if (clientFlags(cmd).json) {
          out(ctx, jsonLine({ dir, written: r.written, reusedCa: r.reusedCa }));
        } else {
          out(ctx, `${r.reusedCa ? 'reused the CA in' : 'created a CA in'} ${dir}\n`);
          out(ctx, r.written.length === 0 ? 'nothing to write: every certificate exists (--force reissues them)\n' : `wrote ${r.written.join(', ')}\n`);
          out(ctx, `serve with --tls-dir ${dir}; clients use --tls-dir ${dir} (ca.crt, client.crt, client.key)\n`);
        }
      } catch (e) {
        if (e instanceof CertsError) throw new CommandError('FAILED_PRECONDITION', e.message);
        throw e;
      }
    });
}
