import type { ISocketFactory } from 'kafkajs';
import type { Logger } from '../../engine/logging/index.ts';

/** A consumer that stopped for good: its handler or `onAssign` rejected, or kafkajs gave up. */
export interface ConsumerFailure {
  groupId: string;
  reason: 'handler' | 'onAssign' | 'crash';
  /** The handler's or callback's own error, or an `EfiError` (`LOG_UNAVAILABLE` …) for a crash. */
  error: unknown;
}

/**
 * Options of {@link KafkaLog}. Defaults are production values; tests pass shorter group timings.
 * Durations are milliseconds (the `Ms` suffix), as everywhere in the engine.
 */
export interface KafkaLogOptions {
  /** `host:port` entries, or the comma list of `KAFKA_BROKERS`. `localhost` becomes `127.0.0.1`. */
  brokers: string[] | string;
  /** Client id the broker logs and quotas see. Default `efi-engine`. */
  clientId?: string;
  /** Idempotent producer (no duplicates from the client's own retries). Default `true`. */
  idempotent?: boolean;
  /** TCP connect timeout per broker. Default 3 000. */
  connectionTimeoutMs?: number;
  /** Timeout of one request to a broker. Default 30 000. */
  requestTimeoutMs?: number;
  /** Retries kafkajs makes before an operation fails with `LOG_UNAVAILABLE`. Default 5. */
  retries?: number;
  /** First back-off between retries; it doubles each time up to `maxRetryMs`. Default 300. */
  initialRetryMs?: number;
  /** Longest back-off between retries. Default 10 000. */
  maxRetryMs?: number;
  /** Produce calls allowed to wait for the producer before `QUEUE_FULL`. Default 1 000. */
  maxWaitingProduces?: number;
  /** How long partition counts are cached for keyed partitioning. Default 300 000 (kafkajs's metadata age). */
  metadataMaxAgeMs?: number;
  /** How long `createTopics` waits for new partitions to have leaders. Default 30 000. */
  topicReadyTimeoutMs?: number;
  /** Replication factor of created topics. Default: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** A member not heard from for this long is dropped from its group. Default 30 000. */
  sessionTimeoutMs?: number;
  /** How long a group waits for its members to rejoin during a rebalance. Default 60 000. */
  rebalanceTimeoutMs?: number;
  /** Heartbeat period; a third of the session timeout or less. Default 3 000. */
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits at the broker for new records (bounds idle latency of rebalances and stop). Default 500. */
  maxWaitTimeMs?: number;
  /** How long `start()` waits for the first assignment. Default 60 000. */
  joinTimeoutMs?: number;
  /** Bound on `readCompacted`. Default 120 000. */
  readCompactedTimeoutMs?: number;
  /** Where logs go (kafkajs's included). Default `createLogger({ name: 'kafka-log' })`. */
  logger?: Logger;
  /** kafkajs socket factory (TLS tweaks, or fault injection in tests). Default: kafkajs's own. */
  socketFactory?: ISocketFactory;
  /** Told when a consumer stops for good; the same failure is logged at error level. */
  onConsumerFailure?: (failure: ConsumerFailure) => void;
}
