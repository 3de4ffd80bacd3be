import { EfiError } from '../../../engine/errors/index.ts';
import { createLogger, type Logger } from '../../../engine/logging/index.ts';
import type { RedisStateStoreOptions } from '../RedisStateStoreOptions.ts';

export type RedisSettings = Required<Omit<RedisStateStoreOptions, 'logger'>> & { logger: Logger };

/** Applies the defaults of {@link RedisStateStoreOptions} and rejects nonsense with `CONFIG_INVALID`. */
export function resolveRedisOptions({
  url,
  keyPrefix = 'efi:state:',
  connectTimeoutMs = 5_000,
  // Generous: a putMany of hundreds of snapshots is a few MB; a slow reply is not a dead server.
  commandTimeoutMs = 10_000,
  // One resend bridges a single dropped connection; more would hold callers while Redis is down.
  maxRetriesPerRequest = 1,
  scanCount = 1_000,
  connectionName = 'efi-state-store',
  logger = createLogger({ name: 'redis-state-store' }),
}: RedisStateStoreOptions): RedisSettings {
  const fail = (what: string, value: unknown) =>
    new EfiError('CONFIG_INVALID', `redis state store: ${what} (got ${JSON.stringify(value)})`, { details: { option: what.split(' ')[0], value } });
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) throw fail('url must be a redis:// or rediss:// URL', url);
  if (typeof connectionName !== 'string' || !/^[!-~]+$/.test(connectionName)) throw fail('connectionName must be printable ASCII without spaces', connectionName);
  if (typeof keyPrefix !== 'string') throw fail('keyPrefix must be a string', keyPrefix);
  const int = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) throw fail(`${name} must be an integer from ${min} to ${max}`, value);
  };
  int('connectTimeoutMs', connectTimeoutMs, 1, 600_000);
  int('commandTimeoutMs', commandTimeoutMs, 1, 600_000);
  int('maxRetriesPerRequest', maxRetriesPerRequest, 0, 100);
  int('scanCount', scanCount, 1, 1_000_000);
  return { url, keyPrefix, connectTimeoutMs, commandTimeoutMs, maxRetriesPerRequest, scanCount, connectionName, logger };
}
