/**
 * The event log port: one interface for the embedded file-backed log and for Apache Kafka.
 * Offsets are plain numbers (safe up to 2^53, far beyond any partition we will hold) and follow
 * Kafka's conventions: a partition's `high` offset is the next offset to be written, and a
 * committed offset is the next offset the group will read.
 */

/** A topic to create. Creating an existing topic is a no-op (its partition count is kept). */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** Changelog topics keep only the latest value per key (a null value deletes the key). */
  compacted?: boolean;
}

export interface TopicInfo {
  name: string;
  partitions: number;
  compacted: boolean;
}

/** One record to produce. Keys decide the partition (murmur2, Kafka's Java default). */
export interface ProduceRecord {
  key: Buffer | null;
  /** `null` is a tombstone on compacted topics. */
  value: Buffer | null;
  /** Event time in epoch milliseconds; defaults to the append time. */
  timestamp?: number;
  headers?: Record<string, string | Buffer>;
  /** Explicit partition; overrides the key's partition. */
  partition?: number;
}

/** Acknowledgement of one produced record, in the order records were given. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
}

/** A record as read back from the log. */
export interface LogRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

export interface PartitionOffsets {
  partition: number;
  /** First offset still held (after retention or compaction it can be above 0). */
  low: number;
  /** Next offset to be written; `high - low` records at most are readable. */
  high: number;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  offset: number;
}

/** Records of one partition handed to a consumer's handler, in offset order. */
export interface RecordBatch {
  topic: string;
  partition: number;
  records: LogRecord[];
  /** The partition's high offset when the batch was read (for lag). */
  highWatermark: number;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a partition with no committed offset starts. Default `earliest`. */
  reset?: 'earliest' | 'latest';
  /** Upper bound on records per batch handed to the handler. Default 500. */
  maxBatchRecords?: number;
  /** Called after partitions are assigned to this member (before their first batch). */
  onAssign?: (partitions: TopicPartition[]) => void | Promise<void>;
  /** Called before partitions are taken away (commit what is done here). */
  onRevoke?: (partitions: TopicPartition[]) => void | Promise<void>;
}

/**
 * Handles one batch. The consumer does not fetch the next batch of the same partition until the
 * returned promise settles: this is the backpressure. A rejected promise stops the consumer
 * (the records are redelivered from the last commit after a restart), so handlers that want to
 * skip bad records must dead-letter them and resolve.
 */
export type BatchHandler = (batch: RecordBatch) => Promise<void>;

/** A member of a consumer group. Nothing is committed unless `commit` is called. */
export interface LogConsumer {
  /** Joins the group and starts delivering; resolves once the first assignment is in place. */
  start(handler: BatchHandler): Promise<void>;
  /** Commits, for each partition, the next offset to read. */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Moves a partition of the current assignment to `offset` (next batch starts there). */
  seek(position: TopicPartitionOffset): void;
  /** Stops fetching these partitions (all assigned ones when omitted) until `resume`. */
  pause(partitions?: TopicPartition[]): void;
  resume(partitions?: TopicPartition[]): void;
  /** The partitions this member currently owns. */
  assignment(): TopicPartition[];
  /** Leaves the group after the batch in flight settles. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The event log used by the whole engine.
 *
 * @example
 * await log.createTopics([{ name: 'efi.tickets.v1', partitions: 12 }]);
 * const [ack] = await log.produce('efi.tickets.v1', [{ key: Buffer.from('LOC-1'), value }]);
 * const consumer = log.consumer({ groupId: 'efi-engine', topics: ['efi.tickets.v1'] });
 * await consumer.start(async (batch) => { ...; await consumer.commit([{ ...batch, offset: last + 1 }]); });
 */
export interface EventLog {
  readonly kind: 'embedded' | 'kafka';
  createTopics(specs: TopicSpec[]): Promise<void>;
  listTopics(): Promise<TopicInfo[]>;
  /** Appends records; resolves when they are durable under the log's policy (acks=all for Kafka). */
  produce(topic: string, records: ProduceRecord[]): Promise<RecordMetadata[]>;
  listOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the first offset whose timestamp is ≥ `timestamp`, or `high` when none is. */
  offsetsForTime(topic: string, timestamp: number): Promise<TopicPartitionOffset[]>;
  /** A group's committed offsets for a topic; `-1` for a partition with none. */
  committedOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]>;
  consumer(options: ConsumerOptions): LogConsumer;
  /**
   * Reads a whole topic and keeps the latest record per key (keys compared as bytes, returned
   * as UTF-8 strings); keys whose latest value is a tombstone are absent.
   */
  readCompacted(topic: string): Promise<Map<string, LogRecord>>;
  close(): Promise<void>;
}
