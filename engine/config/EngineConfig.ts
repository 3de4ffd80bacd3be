/** Fsync policy of the embedded log; see connectors/embedded-log for the trade-offs. */
export type FsyncPolicy = 'always' | 'interval' | 'never';

/**
 * Everything the composition root needs to pick and wire connectors. Each service URL switches
 * one part from its embedded implementation to the real system, independently of the others.
 */
export interface EngineConfig {
  /** Directory of the embedded log, schema catalogue, snapshots and keys. */
  dataDir: string;
  /** Kafka bootstrap brokers; empty = embedded file-backed log. */
  kafkaBrokers: string[];
  /** Confluent-compatible schema registry; undefined = local catalogue in `dataDir`. */
  schemaRegistryUrl: string | undefined;
  /** Redis for actor snapshots and caches; undefined = files in `dataDir`. */
  redisUrl: string | undefined;
  /** Qdrant for vector search; undefined = in-process index. */
  qdrantUrl: string | undefined;
  /** Prefix of every topic name (`efi.` gives `efi.tickets.v1`). */
  topicPrefix: string;
  /** HTTP / WebSocket port. */
  port: number;
  /** Embedded log durability. */
  fsync: FsyncPolicy;
  /** Consumer group of the engine's input consumers. */
  groupId: string;
  /** Kafka group session timeout: how long a dead member holds its partitions. */
  kafkaSessionTimeoutMs: number;
}
