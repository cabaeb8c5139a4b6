import { VectorStudioError } from '../client/index.js';
import { NodeOptionsError } from '../server/node-options.js';

/** A command line the CLI cannot run as given: printed as `CODE: message`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly code: 'INVALID_ARGUMENT' | 'UNIMPLEMENTED' = 'INVALID_ARGUMENT') {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command that ran and failed: printed as `CODE: message`, exit code 1. */
export class CommandError extends Error {
  constructor(readonly code: string, message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CommandError';
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** The stderr line (without newline) and exit code of a failure. */
export function describeFailure(e: unknown): { line: string; exitCode: number } {
  if (e instanceof UsageError) return { line: `${e.code}: ${oneLine(e.message)}`, exitCode: 2 };
  if (e instanceof NodeOptionsError) return { line: `INVALID_ARGUMENT: ${oneLine(e.message)}`, exitCode: 2 };
  if (e instanceof CommandError) return { line: `${e.code}: ${oneLine(e.message)}`, exitCode: e.exitCode };
  if (e instanceof VectorStudioError) {
    const unknown = e.outcomeUnknown ? ' (outcome unknown: the write may or may not have been applied; retrying an upsert is safe)' : '';
    return { line: `${e.code}: ${oneLine(e.details)}${unknown}`, exitCode: 1 };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { line: `INTERNAL: ${oneLine(message)}`, exitCode: 1 };
}
