// Lint configuration.
//
// Version pins (package.json): npm's `typescript` is 7.x (the native compiler), but
// typescript-eslint 8.x declares the peer range `typescript >=4.8.4 <6.1.0`. We pin
// typescript 5.9.3 with typescript-eslint 8.73 and eslint 9 so that typecheck and lint run
// against the same compiler. Move them together.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The consensus core is a pure, deterministic state machine: time enters only through
    // tick(), randomness only through an injected generator, and it performs no I/O. This is
    // what makes seeded simulation and exact replay possible.
    files: ['src/raft/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'src/raft is driven by tick(), not timers.' },
        { name: 'setInterval', message: 'src/raft is driven by tick(), not timers.' },
        { name: 'setImmediate', message: 'src/raft is driven by tick(), not timers.' },
        { name: 'queueMicrotask', message: 'src/raft is synchronous.' },
        { name: 'process', message: 'src/raft does no I/O.' },
        { name: 'performance', message: 'src/raft reads no clock.' },
        { name: 'fetch', message: 'src/raft does no I/O.' },
        { name: 'console', message: 'src/raft does not log; return events to the host.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'src/raft reads no clock; use tick().' },
        { object: 'Math', property: 'random', message: 'src/raft takes an injected seeded Rng.' },
        { object: 'crypto', property: 'getRandomValues', message: 'src/raft takes an injected seeded Rng.' },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date']", message: 'src/raft reads no clock; use tick().' },
        { selector: "CallExpression[callee.name='Date']", message: 'src/raft reads no clock; use tick().' },
        { selector: "MemberExpression[object.name='globalThis']", message: 'src/raft reaches no globals through globalThis.' },
        { selector: 'ImportExpression', message: 'src/raft loads no modules at run time.' },
        { selector: "MemberExpression[object.name='crypto']", message: 'src/raft takes an injected seeded Rng.' },
      ],
    },
  },
  {
    // Imports: relative ones inside src/raft only — no packages, no Node.js modules (no I/O), and
    // nothing from the rest of the project (DESIGN.md §2: arrows point down only).
    files: ['src/raft/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [
      { regex: '^(?!\\.\\.?/)', message: 'src/raft imports no packages and no Node.js modules: it is pure.' },
      { regex: '^\\.\\./', message: 'src/raft imports nothing from the rest of the project.' },
    ] }] },
  },
  {
    files: ['src/raft/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [
      { regex: '^(?!\\.\\.?/)', message: 'src/raft imports no packages and no Node.js modules: it is pure.' },
      { regex: '^\\.\\./\\.\\./', message: 'src/raft imports nothing from the rest of the project.' },
    ] }] },
  },
);
