import type { Admin, Kafka as KafkaClient } from 'kafkajs';
import { EfiError } from '../../engine/errors/index.ts';
import type {
  ConsumerOptions,
  EventLog,
  LogConsumer,
  LogRecord,
  PartitionOffsets,
  ProduceRecord,
  RecordMetadata,
  TopicInfo,
  TopicPartitionOffset,
  TopicSpec,
} from '../../engine/ports/index.ts';
import { StickyPartitioner } from '../partitioner/index.ts';
import type { KafkaLogOptions } from './KafkaLogOptions.ts';
import { createKafkaClient, retryPolicy } from './internal/createKafkaClient.ts';
import { KafkaGroupConsumer } from './internal/KafkaGroupConsumer.ts';
import { ProduceSender } from './internal/ProduceSender.ts';
import { readCompacted } from './internal/readCompacted.ts';
import { resolveOptions, type ResolvedKafkaLogOptions } from './internal/resolveOptions.ts';
import { toEfiError } from './internal/toEfiError.ts';
import { toKafkaMessages } from './internal/toKafkaMessages.ts';
import { toRecordMetadata } from './internal/toRecordMetadata.ts';
import { TopicCatalog } from './internal/TopicCatalog.ts';


/** Tries of one listOffsets call (100 ms, 200 ms … apart: about 4.5 s in all). */
const LIST_OFFSETS_ATTEMPTS = 10;
/**
 * The event log on Apache Kafka, through kafkajs. Keys are partitioned with murmur2 by the same
 * code as the embedded log, records are written with `acks: -1` by an idempotent producer, and
 * consumers are members of Kafka consumer groups (see `consumer` for rebalance guarantees).
 * Connections open lazily on first use; `KafkaLog.connect` opens and checks them up front.
 * Broker loss surfaces as `LOG_UNAVAILABLE` with `retriable: true`; consumers reconnect by
 * themselves when the broker returns.
 *
 * @example
 * const log = await KafkaLog.connect({ brokers: process.env.KAFKA_BROKERS! });
 * await log.createTopics([{ name: 'efi.tickets.v1', partitions: 12 }]);
 * const [ack] = await log.produce('efi.tickets.v1', [{ key: Buffer.from('LOC-1'), value }]);
 */
export class KafkaLog implements EventLog {
  readonly kind = 'kafka' as const;
  readonly #o: ResolvedKafkaLogOptions;
  readonly #kafka: KafkaClient;
  readonly #topics: TopicCatalog;
  readonly #sender: ProduceSender;
  readonly #partitioner = new StickyPartitioner();
  readonly #consumers = new Set<KafkaGroupConsumer>();
  #admin: Promise<Admin> | null = null;
  #closing: Promise<void> | null = null;

  constructor(options: KafkaLogOptions) {
    this.#o = resolveOptions(options);
    this.#kafka = createKafkaClient(this.#o);
    this.#topics = new TopicCatalog({
      admin: () => this.#connectedAdmin(),
      metadataMaxAgeMs: this.#o.metadataMaxAgeMs,
      topicReadyTimeoutMs: this.#o.topicReadyTimeoutMs,
      replicationFactor: this.#o.replicationFactor,
    });
    this.#sender = new ProduceSender({
      kafka: this.#kafka,
      idempotent: this.#o.idempotent,
      maxWaiting: this.#o.maxWaitingProduces,
      retry: retryPolicy(this.#o),
    });
  }

  /** Creates a log and connects to the cluster; fails with `LOG_UNAVAILABLE` if no broker answers. */
  static async connect(options: KafkaLogOptions): Promise<KafkaLog> {
    const log = new KafkaLog(options);
    try {
      await log.#connectedAdmin();
    } catch (err) {
      await log.close();
      throw err;
    }
    return log;
  }

  async createTopics(specs: TopicSpec[]): Promise<void> {
    this.#assertOpen();
    for (const spec of specs) {
      if (typeof spec?.name !== 'string' || spec.name === '' || !Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new EfiError('CONFIG_INVALID', `invalid topic spec ${JSON.stringify(spec)}`);
      }
    }
    await this.#topics.create(specs);
  }

  async listTopics(): Promise<TopicInfo[]> {
    this.#assertOpen();
    return this.#topics.list();
  }

  async produce(topic: string, records: ProduceRecord[]): Promise<RecordMetadata[]> {
    this.#assertOpen();
    let partitions = await this.#topics.partitions(topic);
    if (Array.isArray(records) && records.some((r) => typeof r?.partition === 'number' && r.partition >= partitions)) {
      // The topic may have grown since its count was cached.
      partitions = await this.#topics.partitions(topic, { refresh: true });
    }
    const prepared = toKafkaMessages(topic, records, { partitions, pick: this.#partitioner.forCall(topic, partitions), now: Date.now() });
    if (prepared.messages.length === 0) return [];
    try {
      const acks = await this.#sender.send(topic, prepared.messages);
      return toRecordMetadata(topic, prepared.partitions, prepared.timestamps, acks);
    } catch (err) {
      throw toEfiError(err, { operation: 'produce', topic });
    }
  }

  async listOffsets(topic: string): Promise<PartitionOffsets[]> {
    const admin = await this.#adminFor(topic);
    const partitions = await this.#topics.partitions(topic);
    // kafkajs answers from its cached metadata: shortly after a topic is created it can return
    // fewer partitions than the topic has (even none) or throw a TypeError. The port promises
    // every partition, so ask again for a bounded time instead of handing back a short list.
    for (let attempt = 1; ; attempt++) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        if (offsets.length === partitions) {
          return offsets.map(({ partition, low, high }) => ({ partition, low: Number(low), high: Number(high) }));
        }
        if (attempt >= LIST_OFFSETS_ATTEMPTS) {
          throw new EfiError('LOG_UNAVAILABLE', `listOffsets of ${topic} answered ${offsets.length} of ${partitions} partitions`, { retriable: true, details: { topic } });
        }
      } catch (err) {
        // Only kafkajs's stale-metadata TypeError is retried here; broker errors were retried inside kafkajs already.
        if (!(err instanceof TypeError) || attempt >= LIST_OFFSETS_ATTEMPTS) throw toEfiError(err, { operation: 'listOffsets', topic });
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }

  async offsetsForTime(topic: string, timestamp: number): Promise<TopicPartitionOffset[]> {
    if (!Number.isSafeInteger(timestamp)) throw new EfiError('INPUT_MALFORMED', `offsetsForTime needs an epoch-ms integer, got ${timestamp}`);
    const admin = await this.#adminFor(topic);
    try {
      // kafkajs already answers `high` for partitions with nothing at or after the time.
      const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
      return offsets.map(({ partition, offset }) => ({ topic, partition, offset: Number(offset) }));
    } catch (err) {
      throw toEfiError(err, { operation: 'offsetsForTime', topic });
    }
  }

  async committedOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]> {
    const admin = await this.#adminFor(topic);
    try {
      const [found] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (found?.partitions ?? []).map(({ partition, offset }) => ({ topic, partition, offset: Number(offset) }));
    } catch (err) {
      throw toEfiError(err, { operation: 'committedOffsets', topic, groupId });
    }
  }

  /**
   * A new member of `options.groupId`. Rebalances are eager: each revokes the whole assignment
   * and consumption resumes from the committed offsets, so commit in `onRevoke` what was
   * processed. `onRevoke` always completes before the next `onAssign`, nothing is delivered in
   * between, and when the rebalance is noticed at the end of a batch it runs before the member
   * rejoins; the exact guarantees are in `connectors/kafka/README.md`. Do not await `stop()`
   * inside the handler or a callback: it waits for them.
   *
   * @example
   * const c = log.consumer({ groupId: 'efi-engine', topics: ['efi.tickets.v1'], onRevoke: commitDone });
   * await c.start(handle);
   */
  consumer(options: ConsumerOptions): LogConsumer {
    return this.#groupConsumer(options);
  }

  async readCompacted(topic: string): Promise<Map<string, LogRecord>> {
    this.#assertOpen();
    return readCompacted(topic, {
      clientId: this.#o.clientId,
      timeoutMs: this.#o.readCompactedTimeoutMs,
      logger: this.#o.logger,
      listOffsets: (t) => this.listOffsets(t),
      openConsumer: (options, onPosition) => this.#groupConsumer(options, onPosition),
      deleteGroup: async (groupId) => {
        await (await this.#connectedAdmin()).deleteGroups([groupId]);
      },
    });
  }

  /** Stops every consumer of this log, then disconnects. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all([...this.#consumers].map((c) => c.stop()));
      await this.#sender.close();
      const admin = this.#admin;
      this.#admin = null;
      await (await admin?.catch(() => null))?.disconnect().catch(() => undefined);
    })();
    return this.#closing;
  }

  #groupConsumer(options: ConsumerOptions, onPosition?: (topic: string, partition: number, next: number) => void): KafkaGroupConsumer {
    this.#assertOpen();
    const o = this.#o;
    const consumer = new KafkaGroupConsumer(options, {
      // One kafkajs client per member: see createKafkaClient.
      kafka: createKafkaClient(o),
      retry: retryPolicy(o),
      sessionTimeoutMs: o.sessionTimeoutMs,
      rebalanceTimeoutMs: o.rebalanceTimeoutMs,
      heartbeatIntervalMs: o.heartbeatIntervalMs,
      maxWaitTimeMs: o.maxWaitTimeMs,
      joinTimeoutMs: o.joinTimeoutMs,
      logger: o.logger,
      ensureTopics: (topics) => this.#topics.ensure(topics),
      onFailure: o.onConsumerFailure,
      onClosed: (c) => this.#consumers.delete(c),
      ...(onPosition === undefined ? {} : { onPosition }),
    });
    this.#consumers.add(consumer);
    return consumer;
  }

  async #adminFor(topic: string): Promise<Admin> {
    this.#assertOpen();
    // Fails fast with LOG_TOPIC_UNKNOWN; kafkajs would retry an unknown topic for seconds.
    await this.#topics.partitions(topic);
    return this.#connectedAdmin();
  }

  #connectedAdmin(): Promise<Admin> {
    this.#assertOpen();
    this.#admin ??= (async () => {
      const admin = this.#kafka.admin({ retry: retryPolicy(this.#o) });
      try {
        await admin.connect();
      } catch (err) {
        this.#admin = null;
        throw toEfiError(err, { operation: 'connect' });
      }
      return admin;
    })();
    return this.#admin;
  }

  #assertOpen(): void {
    if (this.#closing !== null) throw new EfiError('LOG_CLOSED', 'the Kafka log is closed');
  }
}
