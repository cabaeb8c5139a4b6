// The lint configuration keeps src/raft a pure, deterministic state machine (STYLE.md "In
// practice" 1: no timers, sockets, Date.now, Math.random inside; lint enforces it). These tests
// lint small snippets as if they lived in src/raft and prove each forbidden thing is reported,
// and that the same code stays allowed elsewhere (src/server).
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

interface Finding { ruleId: string | null; message: string }

async function lint(code: string, filePath: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error(`no lint result for ${filePath}`);
  // A snippet that does not parse would "fail" for the wrong reason.
  expect(result.messages.filter((m) => m.fatal === true)).toEqual([]);
  return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

const CORE_FILE = 'src/raft/probe.ts';
const CORE_SUBFOLDER_FILE = 'src/raft/quorum/probe.ts';
const HOST_FILE = 'src/server/probe.ts';

const forbidden = [
  { name: 'Date.now()', rule: 'no-restricted-properties', code: 'export const t = Date.now();\n' },
  { name: 'new Date()', rule: 'no-restricted-syntax', code: 'export const t = new Date();\n' },
  { name: 'setTimeout', rule: 'no-restricted-globals', code: 'export const h = setTimeout(() => undefined, 10);\n' },
  { name: 'setInterval', rule: 'no-restricted-globals', code: 'export const h = setInterval(() => undefined, 10);\n' },
  { name: 'Math.random()', rule: 'no-restricted-properties', code: 'export const r = Math.random();\n' },
  { name: "an import from 'node:fs'", rule: 'no-restricted-imports', code: "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n" },
  { name: "an import from 'fs'", rule: 'no-restricted-imports', code: "import { readFileSync } from 'fs';\nexport const f = readFileSync;\n" },
  { name: 'a package import', rule: 'no-restricted-imports', code: "import { z } from 'zod';\nexport const s = z;\n" },
  { name: 'Date() called without new', rule: 'no-restricted-syntax', code: 'export const t = Date();\n' },
  { name: 'globalThis.Date.now()', rule: 'no-restricted-syntax', code: 'export const t = globalThis.Date.now();\n' },
  { name: 'globalThis.setTimeout', rule: 'no-restricted-syntax', code: 'export const h = globalThis.setTimeout(() => undefined, 1);\n' },
  { name: 'a dynamic import()', rule: 'no-restricted-syntax', code: "export const m = import('node:fs');\n" },
  { name: 'crypto.randomUUID()', rule: 'no-restricted-syntax', code: 'export const u = crypto.randomUUID();\n' },
  { name: "an import from '../server/x.js' (the rest of the project)", rule: 'no-restricted-imports', code: "import { x } from '../server/x.js';\nexport const y = x;\n" },
];

describe('lint: src/raft is pure', () => {
  it.each(forbidden)('forbids $name in src/raft', async ({ rule, code }) => {
    const findings = await lint(code, CORE_FILE);
    expect(findings.map((f) => f.ruleId)).toContain(rule);
  });

  it('forbids console (the core returns events instead of logging)', async () => {
    const findings = await lint("console.log('x');\n", CORE_FILE);
    expect(findings.map((f) => f.ruleId)).toContain('no-restricted-globals');
  });

  it('forbids destructuring Date.now out of Date', async () => {
    const findings = await lint('const { now } = Date;\nexport const t = now();\n', CORE_FILE);
    expect(findings.map((f) => f.ruleId)).toContain('no-restricted-properties');
  });

  it('explains why: the message of a forbidden clock read points to tick()', async () => {
    const findings = await lint('export const t = Date.now();\n', CORE_FILE);
    expect(findings.find((f) => f.ruleId === 'no-restricted-properties')?.message).toMatch(/tick\(\)/);
  });

  it('allows relative imports inside src/raft', async () => {
    expect(await lint("import { NONE } from './types.js';\nexport const n = NONE;\n", CORE_FILE)).toEqual([]);
  });

  it('allows a subfolder of src/raft to import from src/raft (../)', async () => {
    expect(await lint("import { NONE } from '../types.js';\nexport const n = NONE;\n", CORE_SUBFOLDER_FILE)).toEqual([]);
  });

  it("forbids a subfolder of src/raft to import from the rest of the project (../../server/x.js)", async () => {
    const findings = await lint("import { x } from '../../server/x.js';\nexport const y = x;\n", CORE_SUBFOLDER_FILE);
    expect(findings.map((f) => f.ruleId)).toContain('no-restricted-imports');
  });

  it.each([
    { name: 'Date.now()', code: 'export const t = Date.now();\n' },
    { name: 'Math.random()', code: 'export const r = Math.random();\n' },
  ])('forbids $name in a subfolder of src/raft too', async ({ code }) => {
    const findings = await lint(code, CORE_SUBFOLDER_FILE);
    expect(findings.map((f) => f.ruleId)).toContain('no-restricted-properties');
  });
});

describe('lint: the same code is allowed outside src/raft', () => {
  it.each(forbidden.filter((f) => !f.name.includes("'../server/x.js'")))('allows $name in src/server', async ({ code }) => {
    expect(await lint(code, HOST_FILE)).toEqual([]);
  });
});
