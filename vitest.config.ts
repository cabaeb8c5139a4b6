import { defineConfig } from 'vitest/config';

// .ci/run sets VITEST_JSON_REPORT so that it can print `tests: N passed, M failed` itself.
const jsonReport = process.env['VITEST_JSON_REPORT'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: jsonReport } } : {}),
  },
});
