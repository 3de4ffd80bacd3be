import path from 'node:path';
import { EfiError } from '../errors/index.ts';
import type { EngineConfig, FsyncPolicy } from './EngineConfig.ts';

const FSYNC_POLICIES: readonly FsyncPolicy[] = ['always', 'interval', 'never'];

/**
 * Reads the engine configuration from environment variables, validating each one so a typo
 * fails at start with the variable's name instead of deep inside a connector.
 *
 * @example
 * const config = loadConfig(process.env); // KAFKA_BROKERS=127.0.0.1:9092 switches to Kafka
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const port = Number(env.EFI_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new EfiError('CONFIG_INVALID', `EFI_PORT must be a port number, got "${env.EFI_PORT}"`);
  }
  const fsync = (env.EFI_FSYNC ?? 'always') as FsyncPolicy;
  if (!FSYNC_POLICIES.includes(fsync)) {
    throw new EfiError('CONFIG_INVALID', `EFI_FSYNC must be one of ${FSYNC_POLICIES.join(', ')}, got "${fsync}"`);
  }
  const topicPrefix = env.EFI_TOPIC_PREFIX ?? 'efi.';
  if (!/^[A-Za-z0-9._-]*$/.test(topicPrefix)) {
    throw new EfiError('CONFIG_INVALID', `EFI_TOPIC_PREFIX may hold only letters, digits, '.', '_' and '-', got "${topicPrefix}"`);
  }
  const kafkaSessionTimeoutMs = Number(env.EFI_KAFKA_SESSION_TIMEOUT_MS ?? 30_000);
  if (!Number.isInteger(kafkaSessionTimeoutMs) || kafkaSessionTimeoutMs < 1_000) {
    throw new EfiError('CONFIG_INVALID', `EFI_KAFKA_SESSION_TIMEOUT_MS must be an integer ≥ 1000, got "${env.EFI_KAFKA_SESSION_TIMEOUT_MS}"`);
  }
  return {
    dataDir: path.resolve(env.EFI_DATA_DIR ?? 'data'),
    kafkaBrokers: splitList(env.KAFKA_BROKERS),
    schemaRegistryUrl: url('SCHEMA_REGISTRY_URL', env.SCHEMA_REGISTRY_URL),
    redisUrl: url('REDIS_URL', env.REDIS_URL),
    qdrantUrl: url('QDRANT_URL', env.QDRANT_URL),
    topicPrefix,
    port,
    fsync,
    groupId: env.EFI_GROUP_ID ?? 'efi-engine',
    kafkaSessionTimeoutMs,
  };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function url(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return new URL(value.trim()).toString().replace(/\/$/, '');
  } catch (cause) {
    throw new EfiError('CONFIG_INVALID', `${name} must be a URL, got "${value}"`, { cause });
  }
}
