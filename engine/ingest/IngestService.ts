import { isEfiError } from '../errors/index.ts';
import type { Logger } from '../logging/index.ts';
import type { EventLog, LogConsumer, LogRecord, ProduceRecord, RecordBatch, SchemaCodec } from '../ports/index.ts';
import type { EventPublisher } from '../publishing/index.ts';
import { deadLetterOf } from './deadLetterOf.ts';
import { groupBacklog } from './groupBacklog.ts';

/** A decoded input event with the record it came from. */
export interface IngestedEvent {
  type: string;
  event: Record<string, unknown>;
  record: LogRecord;
}

/**
 * Receives the decoded events of one partition batch, in offset order. The batch's offsets are
 * committed only after this resolves, so whatever the sink makes durable before resolving is
 * never lost; a rejection stops ingestion and the batch is redelivered after a restart.
 */
export interface IngestSink {
  handle(events: IngestedEvent[], batch: RecordBatch): Promise<void>;
}

export interface IngestServiceOptions {
  log: EventLog;
  codec: SchemaCodec;
  /** Writes dead letters (encoded as `DeadLetter` records to the dlq topic). */
  publisher: EventPublisher;
  groupId: string;
  /** Full names of the input topics. */
  topics: string[];
  sink: IngestSink;
  logger: Logger;
  /** Called with the partitions (as `topic/partition`) this member gained or is about to lose. */
  onAssign?: (namespaces: string[]) => void | Promise<void>;
  onRevoke?: (namespaces: string[]) => void | Promise<void>;
  /**
   * Called when a batch cannot be handled (the sink or a dead-letter write threw). The consumer
   * stops without committing that batch; the caller decides what happens to the process (the
   * engine exits, so a supervisor restarts it and the batch is redelivered).
   */
  onFatal?: (err: unknown) => void;
  /** Records per batch; bounds the memory of one in-flight batch per partition. */
  maxBatchRecords?: number;
  /**
   * Records being handled at once across all partitions before the consumer is paused; it
   * resumes below half of it. Without it the bound would be partitions × batch size (18 × 500).
   */
  maxInFlightRecords?: number;
  now?: () => number;
}

/** Counters of what ingestion saw, for logs, health and metrics. */
export interface IngestStats {
  /** Decoded events per topic. */
  events: Record<string, number>;
  /** Dead-lettered records per topic. */
  deadLetters: Record<string, number>;
  /** Times the consumer was paused because too many records were in flight. */
  pauses: number;
}

/**
 * Consumes the engine's input topics as one consumer group, decodes every record and hands the
 * events to the sink; a record that cannot be decoded (bad magic byte, unknown schema id, body
 * that does not fit its schema) goes to the dead-letter topic with the reason and its source
 * topic/partition/offset, and consumption goes on.
 *
 * @example
 * const ingest = new IngestService({ log, codec, publisher, groupId: 'efi-engine', topics, sink, logger });
 * await ingest.start();
 */
export class IngestService {
  readonly #options: IngestServiceOptions;
  readonly #stats: IngestStats = { events: {}, deadLetters: {}, pauses: 0 };
  #inFlight = 0;
  #paused = false;
  #waiting: (() => void)[] = [];
  #consumer: LogConsumer | undefined;
  readonly #lag = new Map<string, number>();
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(options: IngestServiceOptions) {
    this.#options = options;
  }

  get groupId(): string {
    return this.#options.groupId;
  }

  get stats(): IngestStats {
    return this.#stats;
  }

  async start(): Promise<void> {
    const { log, groupId, topics, maxBatchRecords = 500, onAssign, onRevoke } = this.#options;
    const names = (partitions: { topic: string; partition: number }[]): string[] => partitions.map((p) => `${p.topic}/${p.partition}`);
    this.#consumer = log.consumer({
      groupId,
      topics,
      reset: 'earliest',
      maxBatchRecords,
      onAssign: onAssign && ((partitions) => onAssign(names(partitions))),
      onRevoke: async (partitions) => {
        // A partition this member no longer reads must not keep its last lag: "caught up" would never come.
        for (const name of names(partitions)) this.#lag.delete(name);
        await onRevoke?.(names(partitions));
      },
    });
    await this.#consumer.start((batch) => this.#admit(batch));
    // With nothing waiting at start no batch will come to arm the idle check: arm it now. The
    // check is a convenience for operators; a failed look-up must not fail the start.
    const waiting = await groupBacklog(this.#options.log, this.#options.groupId, this.#options.topics).catch((err: unknown) => {
      this.#options.logger.warn({ err }, 'could not read the input lag at start');
      return -1;
    });
    if (waiting === 0) this.#armIdle();
  }

  /** Leaves the group after the batch in flight is handled and committed. */
  async stop(): Promise<void> {
    clearTimeout(this.#idleTimer);
    await this.#consumer?.stop();
  }

  /** Records known to be waiting in the partitions this member has read from. */
  get lag(): number {
    let total = 0;
    for (const lag of this.#lag.values()) total += lag;
    return total;
  }

  // Explicit backpressure: partitions are handled in parallel, so while too many records are in
  // flight the consumer is paused (no new fetches) and batches already fetched wait their turn;
  // it resumes once half of them are done.
  async #admit(batch: RecordBatch): Promise<void> {
    const { maxInFlightRecords = 2_000, onFatal } = this.#options;
    const n = batch.records.length;
    while (this.#inFlight > 0 && this.#inFlight + n > maxInFlightRecords) {
      if (!this.#paused) {
        this.#paused = true;
        this.#stats.pauses += 1;
        this.#consumer?.pause();
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#inFlight += n;
    try {
      await this.#handle(batch);
    } catch (err) {
      onFatal?.(err);
      throw err;
    } finally {
      this.#inFlight -= n;
      for (const wake of this.#waiting.splice(0)) wake();
      if (this.#paused && this.#inFlight < maxInFlightRecords / 2) {
        this.#paused = false;
        this.#consumer?.resume();
      }
    }
  }

  async #handle(batch: RecordBatch): Promise<void> {
    const { codec, publisher, sink, logger, now = Date.now } = this.#options;
    const events: IngestedEvent[] = [];
    const letters: ProduceRecord[] = [];
    for (const record of batch.records) {
      try {
        const { type, event } = await codec.decode(record.value ?? Buffer.alloc(0));
        events.push({ type, event, record });
      } catch (err) {
        if (isEfiError(err) && err.retriable) throw err;
        const letter = deadLetterOf(record, err, now());
        logger.warn({ topic: record.topic, partition: record.partition, offset: record.offset, code: letter.error_code, reason: letter.reason }, 'dead-lettered');
        letters.push((await publisher.encode('DeadLetter', letter as unknown as Record<string, unknown>)).record);
      }
    }
    if (letters.length > 0) {
      // Written before the commit: a crash between the two re-dead-letters, never loses one.
      await publisher.write(publisher.topicOf('DeadLetter'), letters);
      this.#stats.deadLetters[batch.topic] = (this.#stats.deadLetters[batch.topic] ?? 0) + letters.length;
    }
    if (events.length > 0) await sink.handle(events, batch);
    this.#stats.events[batch.topic] = (this.#stats.events[batch.topic] ?? 0) + events.length;
    const last = batch.records.at(-1);
    if (last) await this.#consumer?.commit([{ topic: batch.topic, partition: batch.partition, offset: last.offset + 1 }]);
    if (last) this.#lag.set(`${batch.topic}/${batch.partition}`, Math.max(0, batch.highWatermark - (last.offset + 1)));
    this.#armIdle();
  }

  // Operators and scripts want to know when the engine has worked through its input: after a
  // second without batches and nothing known to be waiting, say so once.
  #armIdle(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.lag === 0) this.#options.logger.info({ ...this.#stats }, 'caught up');
    }, 1_000);
    this.#idleTimer.unref();
  }
}
