import type { ISocketFactory } from 'kafkajs';
import { EfiError } from '../../../engine/errors/index.ts';
import { createLogger, type Logger } from '../../../engine/logging/index.ts';
import type { ConsumerFailure, KafkaLogOptions } from '../KafkaLogOptions.ts';
import { normaliseBrokers } from './normaliseBrokers.ts';

/** {@link KafkaLogOptions} with every default filled in and every value checked. */
export interface ResolvedKafkaLogOptions {
  brokers: string[];
  clientId: string;
  idempotent: boolean;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  retries: number;
  initialRetryMs: number;
  maxRetryMs: number;
  maxWaitingProduces: number;
  metadataMaxAgeMs: number;
  topicReadyTimeoutMs: number;
  replicationFactor: number | undefined;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  joinTimeoutMs: number;
  readCompactedTimeoutMs: number;
  logger: Logger;
  socketFactory: ISocketFactory | undefined;
  onConsumerFailure: ((failure: ConsumerFailure) => void) | undefined;
}

/**
 * Fills in defaults and validates at the boundary, so nothing deeper re-checks.
 *
 * @example
 * const settings = resolveOptions({ brokers: process.env.KAFKA_BROKERS ?? '' });
 */
export function resolveOptions({
  brokers,
  clientId = 'efi-engine',
  idempotent = true,
  connectionTimeoutMs = 3_000,
  requestTimeoutMs = 30_000,
  retries = 5,
  initialRetryMs = 300,
  maxRetryMs = 10_000,
  maxWaitingProduces = 1_000,
  metadataMaxAgeMs = 300_000,
  topicReadyTimeoutMs = 30_000,
  replicationFactor,
  sessionTimeoutMs = 30_000,
  rebalanceTimeoutMs = 60_000,
  heartbeatIntervalMs = 3_000,
  maxWaitTimeMs = 500,
  joinTimeoutMs = 60_000,
  readCompactedTimeoutMs = 120_000,
  logger,
  socketFactory,
  onConsumerFailure,
}: KafkaLogOptions): ResolvedKafkaLogOptions {
  if (typeof clientId !== 'string' || clientId === '') throw new EfiError('CONFIG_INVALID', 'clientId must be a non-empty string');
  const counts = { retries, maxWaitingProduces };
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isInteger(value) || value < 0) throw new EfiError('CONFIG_INVALID', `${name} must be a whole number ≥ 0, got ${value}`);
  }
  const durations = {
    connectionTimeoutMs, requestTimeoutMs, initialRetryMs, maxRetryMs, metadataMaxAgeMs, topicReadyTimeoutMs,
    sessionTimeoutMs, rebalanceTimeoutMs, heartbeatIntervalMs, maxWaitTimeMs, joinTimeoutMs, readCompactedTimeoutMs,
  };
  for (const [name, value] of Object.entries(durations)) {
    if (!Number.isInteger(value) || value <= 0) throw new EfiError('CONFIG_INVALID', `${name} must be a positive whole number of ms, got ${value}`);
  }
  if (replicationFactor !== undefined && (!Number.isInteger(replicationFactor) || replicationFactor < 1)) {
    throw new EfiError('CONFIG_INVALID', `replicationFactor must be a whole number ≥ 1, got ${replicationFactor}`);
  }
  // The broker drops a member whose heartbeats stop for a session; heartbeats are sent between
  // fetches, so both the heartbeat period and the fetch wait must fit well inside the session.
  if (heartbeatIntervalMs >= sessionTimeoutMs) {
    throw new EfiError('CONFIG_INVALID', `heartbeatIntervalMs (${heartbeatIntervalMs}) must be below sessionTimeoutMs (${sessionTimeoutMs})`);
  }
  if (maxWaitTimeMs >= sessionTimeoutMs) {
    throw new EfiError('CONFIG_INVALID', `maxWaitTimeMs (${maxWaitTimeMs}) must be below sessionTimeoutMs (${sessionTimeoutMs})`);
  }
  return {
    brokers: normaliseBrokers(brokers),
    clientId,
    idempotent,
    connectionTimeoutMs,
    requestTimeoutMs,
    retries,
    initialRetryMs,
    maxRetryMs,
    maxWaitingProduces,
    metadataMaxAgeMs,
    topicReadyTimeoutMs,
    replicationFactor,
    sessionTimeoutMs,
    rebalanceTimeoutMs,
    heartbeatIntervalMs,
    maxWaitTimeMs,
    joinTimeoutMs,
    readCompactedTimeoutMs,
    logger: logger ?? createLogger({ name: 'kafka-log' }),
    socketFactory,
    onConsumerFailure,
  };
}
