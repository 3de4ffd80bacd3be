import { EfiError } from '../../../engine/errors/index.ts';

const DEFAULT_PORT = 9092;

/**
 * Turns `KAFKA_BROKERS` (a comma list or an array) into kafkajs's `host:port` list.
 * `localhost` becomes `127.0.0.1` because Node may resolve `localhost` to `::1` first, where a
 * broker bound to IPv4 never answers; a missing port becomes Kafka's default 9092; a
 * `PLAINTEXT://` style scheme (copied from a broker's `listeners` line) is dropped.
 *
 * @example
 * normaliseBrokers('localhost:9092, kafka-2'); // ['127.0.0.1:9092', 'kafka-2:9092']
 */
export function normaliseBrokers(brokers: string | readonly string[]): string[] {
  const entries = typeof brokers === 'string' ? brokers.split(',') : [...brokers];
  const result: string[] = [];
  for (const raw of entries) {
    if (typeof raw !== 'string') throw new EfiError('CONFIG_INVALID', `broker entries must be strings, got ${typeof raw}`);
    const entry = raw.trim().replace(/^[a-z_]+:\/\//i, '');
    if (entry === '') continue;
    const match = /^(\[[0-9a-f:.]+\]|[^:\s/]+)(?::(\d+))?$/i.exec(entry);
    if (!match) throw new EfiError('CONFIG_INVALID', `broker address "${raw.trim()}" is not host:port`);
    const host = match[1]!.toLowerCase() === 'localhost' ? '127.0.0.1' : match[1]!;
    const port = match[2] === undefined ? DEFAULT_PORT : Number(match[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new EfiError('CONFIG_INVALID', `broker address "${raw.trim()}" has an invalid port`);
    }
    result.push(`${host}:${port}`);
  }
  if (result.length === 0) throw new EfiError('CONFIG_INVALID', 'no Kafka broker given (KAFKA_BROKERS is empty)');
  return [...new Set(result)];
}
