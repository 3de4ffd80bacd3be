import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{engine,actors,streams,schemas,connectors,dashboards,load-tests}/**/*.test.ts'],
    // Contract suites against real brokers join consumer groups and wait on rebalances.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: running many broker-backed files at once only adds rebalance noise.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
