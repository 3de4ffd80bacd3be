import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { kafkaLevelFor, kafkaLogCreator } from './kafkaLogCreator.ts';
import { kafkaLogLevel as logLevel } from './kafkajs.ts';

function capture(level = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const entry = (level: number, message: string, extra: Record<string, unknown> = {}) => ({
  namespace: 'Consumer',
  level,
  label: 'X',
  log: { timestamp: '2024-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('kafkaLogCreator', () => {
  describe('when kafkajs logs', () => {
    it.each([
      [logLevel.ERROR, 50],
      [logLevel.WARN, 40],
      [logLevel.INFO, 30],
      [logLevel.DEBUG, 20],
    ])('maps kafkajs level %i to pino level %i and keeps the fields', (kafkaLevel, pinoLevel) => {
      const { logger, lines } = capture();
      kafkaLogCreator(logger)(logLevel.DEBUG)(entry(kafkaLevel, 'hello', { groupId: 'g1' }));
      expect(lines).toEqual([expect.objectContaining({ level: pinoLevel, msg: 'hello', kafkajs: 'Consumer', groupId: 'g1' })]);
      expect(lines[0]).not.toHaveProperty('logger');
    });
  });

  describe('when the message is one the connector handles', () => {
    it('demotes the idempotent-retries warning to debug', () => {
      const { logger, lines } = capture('info');
      kafkaLogCreator(logger)(logLevel.DEBUG)(entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'));
      expect(lines).toEqual([]);
    });

    it('demotes rebalance answers to debug and the rejoin notice to info', () => {
      const { logger, lines } = capture('info');
      const log = kafkaLogCreator(logger)(logLevel.DEBUG);
      log(entry(logLevel.ERROR, '[Connection] Response Heartbeat(key: 12, version: 3)', { error: 'The group is rebalancing, so a rejoin is needed' }));
      log(entry(logLevel.WARN, 'The group is rebalancing, re-joining'));
      expect(lines.map((l) => [l.level, l.msg])).toEqual([[30, 'The group is rebalancing, re-joining']]);
    });

    it('demotes unknown-topic metadata errors but not other metadata errors', () => {
      const { logger, lines } = capture('info');
      const log = kafkaLogCreator(logger)(logLevel.DEBUG);
      log(entry(logLevel.ERROR, '[Connection] Response Metadata(key: 3, version: 6)', { error: 'This server does not host this topic-partition' }));
      log(entry(logLevel.ERROR, '[Connection] Response Metadata(key: 3, version: 6)', { error: 'Leader not available' }));
      expect(lines.map((l) => l.error)).toEqual(['Leader not available']);
    });
  });

  describe('kafkaLevelFor', () => {
    it.each([
      ['trace', logLevel.DEBUG],
      ['debug', logLevel.DEBUG],
      ['info', logLevel.INFO],
      ['warn', logLevel.WARN],
      ['error', logLevel.ERROR],
      ['fatal', logLevel.ERROR],
      ['silent', logLevel.NOTHING],
    ])('lets kafkajs emit what pino level %s prints', (level, expected) => {
      expect(kafkaLevelFor({ level })).toBe(expected);
    });
  });
});
