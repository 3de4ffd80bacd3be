import type { KafkaLogOptions } from '../../KafkaLogOptions.ts';

/**
 * Group timings for tests against a local broker: rebalances in about a second instead of the
 * production defaults' tens of seconds. 6 000 ms is the broker's smallest allowed session
 * (`group.min.session.timeout.ms`).
 */
export const fastGroupTimings = {
  sessionTimeoutMs: 6_000,
  rebalanceTimeoutMs: 10_000,
  heartbeatIntervalMs: 300,
  maxWaitTimeMs: 100,
  joinTimeoutMs: 30_000,
  retries: 3,
  initialRetryMs: 100,
  maxRetryMs: 1_000,
} satisfies Partial<KafkaLogOptions>;
