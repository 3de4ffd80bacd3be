import { describe, expect, it } from 'vitest';
import { resolveOptions } from './resolveOptions.ts';

describe('resolveOptions', () => {
  describe('when only brokers are given', () => {
    it('fills in the production defaults', () => {
      const o = resolveOptions({ brokers: 'localhost:9092' });
      expect(o).toMatchObject({
        brokers: ['127.0.0.1:9092'],
        clientId: 'efi-engine',
        idempotent: true,
        sessionTimeoutMs: 30_000,
        rebalanceTimeoutMs: 60_000,
        heartbeatIntervalMs: 3_000,
        maxWaitTimeMs: 500,
        retries: 5,
      });
      expect(o.logger).toBeDefined();
    });
  });

  describe('when values do not fit together or are not durations', () => {
    it.each([
      [{ heartbeatIntervalMs: 10_000, sessionTimeoutMs: 10_000 }],
      [{ maxWaitTimeMs: 40_000 }],
      [{ sessionTimeoutMs: 0 }],
      [{ requestTimeoutMs: 1.5 }],
      [{ retries: -1 }],
      [{ replicationFactor: 0 }],
      [{ clientId: '' }],
    ])('rejects %j with CONFIG_INVALID', (bad) => {
      expect(() => resolveOptions({ brokers: '127.0.0.1:9092', ...bad })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    });
  });
});
