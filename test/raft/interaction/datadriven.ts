/**
 * A small reader and writer for datadriven scripts, the format of etcd-io/raft's `testdata/*.txt`
 * (github.com/cockroachdb/datadriven):
 *
 *     # comment lines and blank lines between blocks are kept as they are
 *     command arg key=value key=(a,b,c)
 *     optional input lines
 *     ----
 *     expected output
 *     (ends at the first blank line)
 *
 * Output that itself contains blank lines is written between a doubled separator:
 *
 *     command
 *     ----
 *     ----
 *     output with
 *
 *     a blank line
 *     ----
 *     ----
 *
 * Parsing keeps everything that is not expected output verbatim, so that rewriting a file with
 * new outputs (UPDATE_GOLDEN=1) leaves the comments and commands exactly where the author put them.
 */

export interface CommandArg {
  readonly key: string;
  /** Empty for a bare word (`3`, `v4`); one value for `k=v`; several for `k=(a,b)`. */
  readonly vals: readonly string[];
}

export interface TestBlock {
  /** 1-based line of the command, for error messages (`figure8.txt:42`). */
  readonly line: number;
  readonly cmdLine: string;
  readonly cmd: string;
  readonly args: readonly CommandArg[];
  readonly input: readonly string[];
  readonly expected: string;
}

/** A script is a sequence of verbatim text (comments, blank lines) and command blocks. */
export type ScriptPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'block'; readonly block: TestBlock };

const SEPARATOR = '----';
/** A guard against a runaway parse of a malformed file; real scripts are far shorter. */
const MAX_LINES = 100_000;

export function parseScript(source: string, fileName: string): ScriptPart[] {
  const lines = source.split('\n');
  if (lines.length > MAX_LINES) throw new Error(`${fileName}: more than ${MAX_LINES} lines`);
  // A trailing newline yields one empty last element that is not a line of its own.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const parts: ScriptPart[] = [];
  let i = 0;
  const at = (n: number): string => lines[n] ?? '';
  while (i < lines.length) {
    const line = at(i);
    if (line.trim() === '' || line.startsWith('#')) {
      parts.push({ kind: 'text', text: line });
      i++;
      continue;
    }
    const cmdLineNo = i + 1;
    const cmdLine = line;
    i++;
    const input: string[] = [];
    while (i < lines.length && at(i) !== SEPARATOR) {
      if (at(i).trim() === '') throw new Error(`${fileName}:${cmdLineNo}: command "${cmdLine}" has no ${SEPARATOR} line`);
      input.push(at(i));
      i++;
    }
    if (i >= lines.length) throw new Error(`${fileName}:${cmdLineNo}: command "${cmdLine}" has no ${SEPARATOR} line`);
    i++; // the separator
    const out: string[] = [];
    if (at(i) === SEPARATOR && i < lines.length) {
      // Doubled separator: output runs until "----\n----".
      i++;
      while (i < lines.length && !(at(i) === SEPARATOR && at(i + 1) === SEPARATOR)) {
        out.push(at(i));
        i++;
      }
      if (i >= lines.length) throw new Error(`${fileName}:${cmdLineNo}: unterminated ${SEPARATOR}/${SEPARATOR} output`);
      i += 2;
    } else {
      while (i < lines.length && at(i).trim() !== '') {
        out.push(at(i));
        i++;
      }
    }
    const { cmd, args } = parseCommandLine(cmdLine, `${fileName}:${cmdLineNo}`);
    parts.push({
      kind: 'block',
      block: { line: cmdLineNo, cmdLine, cmd, args, input, expected: out.length === 0 ? '' : out.join('\n') + '\n' },
    });
  }
  return parts;
}

/** Splits `cmd a k=v k=(x,y)` into the command and its arguments. */
export function parseCommandLine(line: string, where: string): { cmd: string; args: CommandArg[] } {
  const tokens: string[] = [];
  // Parenthesised lists may not contain spaces in etcd's scripts, but tolerate `k=(1, 2)`.
  const re = /\S+=\([^)]*\)|\S+/g;
  for (const m of line.matchAll(re)) tokens.push(m[0]);
  const [cmd, ...rest] = tokens;
  if (cmd === undefined) throw new Error(`${where}: empty command line`);
  const args = rest.map((tok): CommandArg => {
    const eq = tok.indexOf('=');
    if (eq < 0) return { key: tok, vals: [] };
    const key = tok.slice(0, eq);
    const value = tok.slice(eq + 1);
    if (value.startsWith('(')) {
      if (!value.endsWith(')')) throw new Error(`${where}: unbalanced parenthesis in "${tok}"`);
      const inner = value.slice(1, -1).trim();
      return { key, vals: inner === '' ? [] : inner.split(',').map((v) => v.trim()) };
    }
    return { key, vals: [value] };
  });
  return { cmd, args };
}

/** Writes a script back with `outputs[k]` as the output of the k-th block. */
export function renderScript(parts: readonly ScriptPart[], outputs: readonly string[]): string {
  const out: string[] = [];
  let k = 0;
  for (const part of parts) {
    if (part.kind === 'text') {
      out.push(part.text);
      continue;
    }
    const output = outputs[k++];
    if (output === undefined) throw new Error(`no output for block at line ${part.block.line}`);
    out.push(part.block.cmdLine, ...part.block.input);
    out.push(...renderOutput(output));
  }
  return out.join('\n') + '\n';
}

function renderOutput(output: string): string[] {
  const body = output.endsWith('\n') ? output.slice(0, -1) : output;
  const lines = body === '' ? [] : body.split('\n');
  if (lines.some((l) => l.trim() === '')) return [SEPARATOR, SEPARATOR, ...lines, SEPARATOR, SEPARATOR];
  return [SEPARATOR, ...lines];
}
