import { EfiError } from '../../../engine/errors/index.ts';
import type { Logger } from '../../../engine/logging/index.ts';
import type {
  BatchHandler,
  ConsumerOptions,
  LogConsumer,
  TopicPartition,
  TopicPartitionOffset,
} from '../../../engine/ports/EventLog.ts';
import type { GroupCoordinator, GroupMember } from './GroupCoordinator.ts';
import { partitionKey, type GroupOffsetStore } from './GroupOffsetStore.ts';
import type { Waker } from './LogSettings.ts';
import type { PartitionLog } from './PartitionLog.ts';
import type { TopicCatalog } from './TopicCatalog.ts';

/** What a consumer uses of its log. */
export interface ConsumerEnv {
  catalog: TopicCatalog;
  coordinator: GroupCoordinator;
  offsets: GroupOffsetStore;
  logger: Logger;
  assertOpen(): void;
  /** Called when the consumer has left its group for good (the log stops tracking it). */
  onStopped(consumer: EmbeddedConsumer): void;
}

/** One assigned partition: where to read next and whether a batch is out. */
class Cursor implements Waker {
  paused = false;
  revoked = false;
  /** Registered with the partition for a wake-up on the next append. */
  waiting = false;
  inFlight: Promise<void> | null = null;

  constructor(
    readonly consumer: EmbeddedConsumer,
    readonly tp: TopicPartition,
    readonly log: PartitionLog,
    public position: number,
  ) {}

  wake(): void {
    this.waiting = false;
    this.consumer.pump(this);
  }
}

type State = 'new' | 'running' | 'stopping' | 'stopped' | 'failed';

/**
 * A member of an in-process consumer group over the embedded log. Each assigned partition has its
 * own cursor: at most one batch per partition is out at a time (the next is read only after the
 * handler's promise settles), while different partitions' batches may be handled concurrently.
 * An idle partition costs nothing: its cursor is woken by the append that gives it work.
 *
 * A rejected handler (or onAssign/onRevoke, or a read error such as `LOG_CORRUPT`) stops this
 * consumer: the error is logged, the member leaves its group without calling onRevoke (like a
 * crash: nothing more is committed), and the partitions go to the other members, which resume
 * from the last commit. `stop()` then resolves; the consumer cannot be restarted.
 */
export class EmbeddedConsumer implements LogConsumer, GroupMember {
  readonly groupId: string;
  readonly topics: readonly string[];
  #state: State = 'new';
  #handler: BatchHandler | null = null;
  #stopped: Promise<void> | null = null;
  readonly #cursors = new Map<string, Cursor>();
  readonly #reset: 'earliest' | 'latest';
  readonly #maxBatch: number;

  constructor(
    readonly env: ConsumerEnv,
    readonly options: ConsumerOptions,
  ) {
    const { groupId, topics, reset = 'earliest', maxBatchRecords = 500 } = options;
    if (typeof groupId !== 'string' || groupId.length === 0) throw invalid('groupId must be a non-empty string');
    if (!Array.isArray(topics) || topics.length === 0) throw invalid('topics must list at least one topic');
    if (reset !== 'earliest' && reset !== 'latest') throw invalid(`reset must be earliest or latest, got ${String(reset)}`);
    if (!Number.isInteger(maxBatchRecords) || maxBatchRecords < 1) throw invalid('maxBatchRecords must be a positive integer');
    this.groupId = groupId;
    this.topics = [...new Set(topics)];
    this.#reset = reset;
    this.#maxBatch = maxBatchRecords;
  }

  async start(handler: BatchHandler): Promise<void> {
    this.env.assertOpen();
    if (this.#state !== 'new') throw invalid(`consumer of group ${this.groupId} was already started`);
    for (const topic of this.topics) this.env.catalog.get(topic);
    this.#handler = handler;
    this.#state = 'running';
    await this.env.coordinator.join(this);
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    this.env.assertOpen();
    for (const o of offsets) {
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) throw invalid(`commit offset must be a non-negative integer, got ${o.offset}`);
      const topic = this.env.catalog.get(o.topic);
      if (o.partition < 0 || o.partition >= topic.partitions.length) throw unknownPartition(o);
    }
    await this.env.offsets.commit(this.groupId, offsets);
  }

  seek({ topic, partition, offset }: TopicPartitionOffset): void {
    const cursor = this.#cursors.get(partitionKey(topic, partition));
    if (!cursor) throw unknownPartition({ topic, partition });
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalid(`seek offset must be a non-negative integer, got ${offset}`);
    cursor.position = offset;
    if (cursor.waiting) {
      cursor.log.forget(cursor);
      cursor.waiting = false;
    }
    this.pump(cursor);
  }

  pause(partitions?: TopicPartition[]): void {
    for (const c of this.#select(partitions)) c.paused = true;
  }

  resume(partitions?: TopicPartition[]): void {
    for (const c of this.#select(partitions)) {
      c.paused = false;
      this.pump(c);
    }
  }

  assignment(): TopicPartition[] {
    return this.owned();
  }

  stop(): Promise<void> {
    if (this.#state === 'new') this.#state = 'stopped';
    if (this.#stopped) return this.#stopped;
    if (this.#state !== 'running') return Promise.resolve();
    this.#state = 'stopping';
    return this.#leave(true);
  }

  // --- group member side -------------------------------------------------------------------

  owned(): TopicPartition[] {
    return [...this.#cursors.values()].map((c) => ({ ...c.tp }));
  }

  async revoke(partitions: TopicPartition[], clean: boolean): Promise<void> {
    const cursors = partitions.map((tp) => this.#cursors.get(partitionKey(tp.topic, tp.partition))).filter((c) => c !== undefined);
    for (const c of cursors) {
      c.revoked = true;
      c.log.forget(c);
    }
    await Promise.all(cursors.map((c) => c.inFlight));
    for (const c of cursors) this.#cursors.delete(partitionKey(c.tp.topic, c.tp.partition));
    if (clean && this.options.onRevoke) await this.#callback(() => this.options.onRevoke!(partitions));
  }

  async assign(partitions: TopicPartition[]): Promise<void> {
    if (this.#state !== 'running' && this.#state !== 'stopping') return;
    let committed: ReadonlyMap<string, number>;
    try {
      committed = await this.env.offsets.committed(this.groupId);
    } catch (err) {
      this.#fail(err, 'reading committed offsets failed');
      return;
    }
    const fresh: Cursor[] = [];
    for (const tp of partitions) {
      const log = this.env.catalog.get(tp.topic).partitions[tp.partition]!;
      const saved = committed.get(partitionKey(tp.topic, tp.partition));
      // A commit beyond high can only outlive its records after a power loss under a relaxed fsync
      // policy; reading from high then picks up the records that reuse those offsets.
      const position = saved !== undefined ? Math.min(saved, log.high) : this.#reset === 'latest' ? log.high : log.low;
      const cursor = new Cursor(this, { ...tp }, log, position);
      this.#cursors.set(partitionKey(tp.topic, tp.partition), cursor);
      fresh.push(cursor);
    }
    if (this.options.onAssign) await this.#callback(() => this.options.onAssign!(partitions));
    for (const c of fresh) this.pump(c);
  }

  // --- delivery ----------------------------------------------------------------------------

  /** Starts the next batch of a partition if it is free to go (called by wakers and settlements). */
  pump(c: Cursor): void {
    if (this.#state !== 'running' || c.revoked || c.paused || c.waiting || c.inFlight) return;
    c.inFlight = this.#deliver(c).then(
      () => {
        c.inFlight = null;
        this.pump(c);
      },
      (err: unknown) => {
        c.inFlight = null;
        this.#fail(err, 'batch handler failed', c.tp);
      },
    );
  }

  async #deliver(c: Cursor): Promise<void> {
    const from = c.position;
    const { records, next } = await c.log.read(from, this.#maxBatch);
    // A seek during the read wins; a revoke or stop means the batch is no longer ours to hand out.
    if (c.revoked || this.#state !== 'running' || c.position !== from) return;
    c.position = next;
    if (records.length === 0) {
      c.waiting = c.log.waitFor(next, c);
      return;
    }
    await this.#handler!({ topic: c.tp.topic, partition: c.tp.partition, records, highWatermark: c.log.high });
  }

  async #callback(call: () => void | Promise<void>): Promise<void> {
    try {
      await call();
    } catch (err) {
      this.#fail(err, 'rebalance callback failed');
    }
  }

  #fail(err: unknown, what: string, tp?: TopicPartition): void {
    if (this.#state !== 'running' && this.#state !== 'stopping') return;
    this.env.logger.error({ err, groupId: this.groupId, ...tp }, `${what}; the consumer stops and leaves its group`);
    this.#state = 'failed';
    void this.#leave(false);
  }

  #leave(clean: boolean): Promise<void> {
    this.#stopped ??= this.env.coordinator.leave(this, clean).finally(() => {
      if (this.#state === 'stopping') this.#state = 'stopped';
      this.env.onStopped(this);
    });
    return this.#stopped;
  }

  #select(partitions?: TopicPartition[]): Cursor[] {
    if (!partitions) return [...this.#cursors.values()];
    return partitions.map((tp) => this.#cursors.get(partitionKey(tp.topic, tp.partition))).filter((c) => c !== undefined);
  }
}

function invalid(message: string): EfiError {
  return new EfiError('INPUT_MALFORMED', message);
}

function unknownPartition(tp: TopicPartition): EfiError {
  return new EfiError('LOG_PARTITION_UNKNOWN', `partition ${tp.topic}/${tp.partition} is not assigned here`, { details: { ...tp } });
}
