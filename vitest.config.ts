import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{engine,actors,streams,schemas,connectors,dashboards,load-tests}/**/*.test.ts'],
    // Contract suites against real brokers join consumer groups and wait on rebalances.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores. With real services the crash and scale-out files spawn several engine and CLI
    // processes each; two such files at once starve Kafka heartbeats into rebalances and time-outs,
    // so they run one file at a time. Without services the files are CPU-light: two at once.
    maxWorkers: process.env.KAFKA_BROKERS ? 1 : 2,
    minWorkers: 1,
    // CI (.ci/run) reads the JSON report to tell which contract suites ran and to print the
    // closing `N passed, N failed, N skipped` line; locally the default reporter is enough.
    ...(process.env.CI
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: process.env.EFI_TEST_REPORT ?? '.ci/run-state/vitest-report.json' },
        }
      : {}),
  },
});
