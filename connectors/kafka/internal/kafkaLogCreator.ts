import type { LogEntry, logCreator, logLevel } from 'kafkajs';
import { kafkaLogLevel } from './kafkajs.ts';
import type { Logger } from '../../../engine/logging/index.ts';

type PinoMethod = 'error' | 'warn' | 'info' | 'debug';

const METHOD_BY_LEVEL: Record<number, PinoMethod> = {
  [kafkaLogLevel.ERROR]: 'error',
  [kafkaLogLevel.WARN]: 'warn',
  [kafkaLogLevel.INFO]: 'info',
  [kafkaLogLevel.DEBUG]: 'debug',
};

/**
 * kafkajs messages about conditions this connector handles and reports itself; at their kafkajs
 * level they would read as faults in every log. Each names the level it is logged at instead.
 */
const HANDLED: ReadonlyArray<{ message: RegExp; error?: RegExp; to: PinoMethod; why: string }> = [
  {
    message: /^Limiting retries for the idempotent producer/,
    to: 'debug',
    why: 'retries are capped so that produce can fail with LOG_UNAVAILABLE; the producer is replaced after a failed send, which keeps sequence numbers sound',
  },
  {
    message: /^\[Connection\] Response Metadata/,
    error: /does not host this topic-partition/,
    to: 'debug',
    why: 'an unknown topic reaches the caller as LOG_TOPIC_UNKNOWN',
  },
  {
    message: /^\[Connection\] Response (Heartbeat|OffsetCommit|JoinGroup|SyncGroup)/,
    error: /rebalancing|rejoin/i,
    to: 'debug',
    why: 'a member learns of a rebalance from these answers; the rebalance itself is logged once at info',
  },
  {
    message: /^The group is rebalancing, re-joining/,
    to: 'info',
    why: 'rebalances are routine (members join and leave)',
  },
];

/** The kafkajs level that lets through exactly what the pino logger would print. */
export function kafkaLevelFor(logger: Pick<Logger, 'level'>): logLevel {
  switch (logger.level) {
    case 'trace':
    case 'debug':
      return kafkaLogLevel.DEBUG;
    case 'info':
      return kafkaLogLevel.INFO;
    case 'warn':
      return kafkaLogLevel.WARN;
    case 'silent':
      return kafkaLogLevel.NOTHING;
    default:
      return kafkaLogLevel.ERROR;
  }
}

/**
 * Routes kafkajs's logs into our pino logger: same levels, the kafkajs namespace as a field, the
 * entry's extra fields kept, and known, handled conditions demoted (see `HANDLED`).
 *
 * @example
 * new Kafka({ brokers, logLevel: kafkaLevelFor(log), logCreator: kafkaLogCreator(log) });
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () => (entry: LogEntry) => {
    const { message, timestamp: _kafkaTime, logger: _origin, ...fields } = entry.log;
    const method = handledLevel(message, fields.error) ?? METHOD_BY_LEVEL[entry.level] ?? 'info';
    logger[method]({ kafkajs: entry.namespace, ...fields }, message);
  };
}

function handledLevel(message: string, error: unknown): PinoMethod | undefined {
  for (const rule of HANDLED) {
    if (!rule.message.test(message)) continue;
    if (rule.error === undefined || (typeof error === 'string' && rule.error.test(error))) return rule.to;
  }
  return undefined;
}
