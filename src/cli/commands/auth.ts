import { resolve } from 'node:path';
import type { Command } from 'commander';
import { addKey, ApiKeyFileError, readKeyFile, revokeKey, ROLES, type Role } from '../../security/api-keys.js';
import { CommandError, UsageError } from '../cli-errors.js';
import { clientFlags, out, type CommandContext } from '../command-context.js';
import { jsonLine } from '../json-output.js';
import { formatTable } from '../table.js';

function role(text: string): Role {
  if ((ROLES as readonly string[]).includes(text)) return text as Role;
  throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not "${text}"`);
}

function collections(text: string): string[] {
  const list = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (list.length === 0) throw new UsageError('--collections lists no collection');
  return list;
}

async function keyFileCommand<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiKeyFileError) throw new CommandError('FAILED_PRECONDITION', e.message);
    throw e;
  }
}

/** `vstudio auth add-key|list|revoke`: the key file `serve --auth-file` reads (local files, no cluster call). */
export function registerAuth(program: Command, ctx: CommandContext): void {
  const auth = program.command('auth').description('API keys in a key file (serve --auth-file reloads it when it changes)');
  const path = (file: string): string => resolve(ctx.io.cwd ?? process.cwd(), file);

  auth.command('add-key')
    .description('add a key and print it once (the file keeps only a salted hash)')
    .requiredOption('--file <file>', 'the key file (created if missing, mode 0600)')
    .requiredOption('--name <name>', 'a name for the key (letters, digits, . _ -)')
    .requiredOption('--role <role>', ROLES.join(' | '), role)
    .option('--collections <a,b>', 'limit the key to these collections', collections)
    .action(async (_flags: unknown, cmd: Command) => {
      const f = cmd.opts<{ file: string; name: string; role: Role; collections?: string[] }>();
      const { key, entry } = await keyFileCommand(() => addKey(path(f.file), { name: f.name, role: f.role, ...(f.collections === undefined ? {} : { collections: f.collections }) }));
      if (clientFlags(cmd).json) {
        out(ctx, jsonLine({ name: entry.name, id: entry.id, role: entry.role, collections: entry.collections ?? null, key }));
      } else {
        out(ctx, `${key}\n`);
        ctx.io.stderr.write(`key "${entry.name}" (role ${entry.role}${entry.collections === undefined ? '' : `, collections ${entry.collections.join(',')}`}) added to ${path(f.file)}; it is shown only this once\n`);
      }
    });

  auth.command('list')
    .description('list the keys (names, roles, collections; never the keys)')
    .requiredOption('--file <file>', 'the key file')
    .action(async (_flags: unknown, cmd: Command) => {
      const f = cmd.opts<{ file: string }>();
      const file = await keyFileCommand(() => readKeyFile(path(f.file)));
      const keys = file.keys.map((k) => ({ name: k.name, id: k.id, role: k.role, collections: k.collections ?? null, createdAt: k.createdAt }));
      if (clientFlags(cmd).json) {
        out(ctx, jsonLine({ keys }));
      } else {
        out(ctx, formatTable(['NAME', 'ID', 'ROLE', 'COLLECTIONS', 'CREATED'], keys.map((k) => [k.name, k.id, k.role, k.collections?.join(',') ?? '*', k.createdAt])));
      }
    });

  auth.command('revoke')
    .description('remove a key (running nodes stop accepting it within a second)')
    .requiredOption('--file <file>', 'the key file')
    .argument('<name>', 'the key\'s name (or id)')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      const f = cmd.opts<{ file: string }>();
      const entry = await keyFileCommand(() => revokeKey(path(f.file), name));
      out(ctx, clientFlags(cmd).json ? jsonLine({ revoked: entry.name, id: entry.id }) : `revoked key "${entry.name}"\n`);
    });
}
