import type { Consumer, EachBatchPayload, IMemberAssignment, Kafka as KafkaClient, RetryOptions } from 'kafkajs';
import { EfiError } from '../../../engine/errors/index.ts';
import type { Logger } from '../../../engine/logging/index.ts';
import type { BatchHandler, ConsumerOptions, LogConsumer, TopicPartition, TopicPartitionOffset } from '../../../engine/ports/index.ts';
import type { ConsumerFailure } from '../KafkaLogOptions.ts';
import { Deferred } from './Deferred.ts';
import { Membership } from './Membership.ts';
import { PartitionState } from './PartitionState.ts';
import { JoinSignal } from './JoinSignal.ts';
import { resolveConsumerOptions, type ResolvedConsumerOptions } from './resolveConsumerOptions.ts';
import { isRebalanceError, toEfiError } from './toEfiError.ts';
import { toLogRecords } from './toLogRecords.ts';

/** What a group consumer needs from its log. */
export interface GroupConsumerSettings {
  kafka: KafkaClient;
  retry: RetryOptions;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  joinTimeoutMs: number;
  logger: Logger;
  ensureTopics: (topics: readonly string[]) => Promise<void>;
  onFailure?: ((failure: ConsumerFailure) => void) | undefined;
  onClosed: (consumer: KafkaGroupConsumer) => void;
  /** Told a partition's next offset after each delivered batch (readCompacted's end detection). */
  onPosition?: (topic: string, partition: number, next: number) => void;
}

type Phase = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/** While stopping, kafkajs refetches the same records until disconnected; this keeps that from spinning. */
const STOPPING_REFETCH_PAUSE_MS = 50;

/**
 * A member of a Kafka consumer group behind the `LogConsumer` port: kafkajs `eachBatch` with
 * `autoCommit: false` and `eachBatchAutoResolve: false`, one batch at a time, the position moved
 * only after the handler resolves, nothing committed except through `commit`. Rebalances are
 * eager; kafkajs has no revoke callback, so `onRevoke` runs inside `eachBatch` when a rebalance
 * is noticed at the end of a batch (before the rejoin), and otherwise from kafkajs's REBALANCING
 * and CRASH events, a join kafkajs starts by itself, and `stop()`. What the engine can rely on is
 * spelled out in `connectors/kafka/README.md`.
 *
 * @example
 * const consumer = new KafkaGroupConsumer({ groupId, topics }, settings);
 * await consumer.start(async (batch) => { ... });
 */
export class KafkaGroupConsumer implements LogConsumer {
  readonly #options: ResolvedConsumerOptions;
  readonly #s: GroupConsumerSettings;
  readonly #log: Logger;
  readonly #state = new PartitionState();
  readonly #membership: Membership;
  #phase: Phase = 'idle';
  #consumer: Consumer | null = null;
  #handler: BatchHandler | null = null;
  #run: Promise<void> | null = null;
  #inFlight: Promise<boolean> | null = null;
  /** Inside kafkajs's eachBatch: kafkajs cannot rejoin until it returns. */
  #inBatch = false;
  /** A new assignment is held paused in kafkajs until the callbacks before it have settled. */
  #holding = false;
  #rebalanceSeen = false;
  #restarting = false;
  #failed = false;
  #joined: Deferred<void> | null = null;
  readonly #joins = new JoinSignal();
  #stopping: Promise<void> | null = null;

  constructor(options: ConsumerOptions, settings: GroupConsumerSettings) {
    this.#options = resolveConsumerOptions(options);
    this.#s = settings;
    this.#log = settings.logger.child({ groupId: this.#options.groupId });
    const { onAssign, onRevoke } = this.#options;
    this.#membership = new Membership({ onAssign, onRevoke, logger: this.#log, onAssignFailed: (err) => this.#fail('onAssign', err) });
  }

  async start(handler: BatchHandler): Promise<void> {
    if (this.#phase !== 'idle') throw new EfiError('CONFIG_INVALID', 'start() may be called once per consumer');
    this.#phase = 'starting';
    this.#handler = handler;
    const joined = (this.#joined = new Deferred<void>());
    const { groupId, topics, reset } = this.#options;
    const timer = setTimeout(() => joined.reject(this.#busy(`no assignment within ${this.#s.joinTimeoutMs} ms`, 'LOG_UNAVAILABLE')), this.#s.joinTimeoutMs);
    try {
      await this.#s.ensureTopics(topics);
      const consumer = (this.#consumer = this.#createConsumer());
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: reset === 'earliest' });
      this.#run = consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch: this.#onBatch });
      await joined.promise;
      if (this.#phase === 'starting') this.#phase = 'running';
    } catch (err) {
      const error = toEfiError(err, { operation: 'consumer start', groupId });
      await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    const { groupId } = this.#options;
    if (!Array.isArray(offsets) || offsets.some((o) => !Number.isSafeInteger(o?.offset) || o.offset < 0 || !Number.isInteger(o.partition))) {
      throw new EfiError('INPUT_MALFORMED', 'commit needs { topic, partition, offset ≥ 0 } entries', { details: { groupId } });
    }
    if (this.#consumer === null || this.#isStopped()) throw new EfiError('LOG_CLOSED', `consumer of ${groupId} is not running`, { details: { groupId } });
    if (offsets.length === 0) return;
    const request = offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset: String(offset) }));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#consumer.commitOffsets(request);
        return;
      } catch (err) {
        // A commit racing a rejoin (or a restart after a crash) is retried once in the new
        // generation: Kafka's classic groups take any member's commit. Never from inside a batch:
        // kafkajs cannot rejoin before the batch returns, so waiting would only time out.
        const retry = attempt === 0 && !this.#inBatch && !this.#isStopped() && (isRebalanceError(err) || this.#restarting);
        if (!retry) throw toEfiError(err, { operation: 'commit', groupId });
        await this.#joins.next(this.#s.rebalanceTimeoutMs, () => this.#busy(`did not rejoin within ${this.#s.rebalanceTimeoutMs} ms`, 'LOG_GROUP_BUSY'));
      }
    }
  }

  seek({ topic, partition, offset }: TopicPartitionOffset): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isInteger(partition) || partition < 0) {
      throw new EfiError('INPUT_MALFORMED', `seek needs a partition and an offset ≥ 0, got ${partition}@${offset}`);
    }
    if (this.#membership.revoked || this.#consumer === null) {
      // Before the first assignment or during a rejoin: applied when the partition is assigned.
      this.#state.queueSeek({ topic, partition, offset });
    } else if (this.#membership.owns(PartitionState.key(topic, partition))) {
      this.#consumer.seek({ topic, partition, offset: String(offset) });
    } else {
      this.#log.warn({ topic, partition, offset }, 'seek ignored: the partition is not assigned to this member');
    }
  }

  pause(partitions?: TopicPartition[]): void {
    this.#state.pause(partitions);
    this.#applyPauses();
  }

  resume(partitions?: TopicPartition[]): void {
    this.#state.resume(partitions);
    this.#applyPauses();
  }

  assignment(): TopicPartition[] {
    return this.#membership.partitions();
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  #createConsumer(): Consumer {
    const s = this.#s;
    const consumer = s.kafka.consumer({
      groupId: this.#options.groupId,
      sessionTimeout: s.sessionTimeoutMs,
      rebalanceTimeout: s.rebalanceTimeoutMs,
      heartbeatInterval: s.heartbeatIntervalMs,
      maxWaitTimeInMs: s.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      retry: { ...s.retry, restartOnFailure: this.#restartOnFailure },
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => this.#onJoin(e.payload.memberAssignment));
    consumer.on(consumer.events.REBALANCING, () => void this.#membership.revoke('rebalance'));
    consumer.on(consumer.events.CRASH, (e) => this.#onCrash(e.payload.error, e.payload.restart));
    return consumer;
  }

  readonly #restartOnFailure = async (error: Error): Promise<boolean> => {
    const restart = this.#phase === 'starting' || this.#phase === 'running';
    if (restart) this.#log.warn({ err: error }, 'consumer crashed on a retriable error; kafkajs restarts it');
    return restart;
  };

  readonly #onBatch = async (payload: EachBatchPayload): Promise<void> => {
    await this.#membership.settled;
    const { batch } = payload;
    const { topic, partition } = batch;
    const key = PartitionState.key(topic, partition);
    if (!this.#deliverable(key)) {
      if (this.#phase === 'stopping' || this.#failed) await sleep(STOPPING_REFETCH_PAUSE_MS);
      return;
    }
    if (payload.isStale()) return;
    const { messages } = batch;
    const highWatermark = Number(batch.highWatermark);
    const max = this.#options.maxBatchRecords;
    this.#inBatch = true;
    // kafkajs heartbeats only between batches; a slow handler would otherwise lose its session.
    const keepAlive = setInterval(this.#keepAlive, this.#s.heartbeatIntervalMs, payload);
    try {
      for (let start = 0; start < messages.length; start += max) {
        const end = Math.min(start + max, messages.length);
        this.#inFlight = this.#deliver({ topic, partition, records: toLogRecords(topic, partition, messages, start, end), highWatermark });
        const ok = await this.#inFlight;
        this.#inFlight = null;
        if (!ok) return;
        payload.resolveOffset(messages[end - 1]!.offset);
        const last = end === messages.length;
        this.#s.onPosition?.(topic, partition, Number(last ? batch.lastOffset() : messages[end - 1]!.offset) + 1);
        if (!last && (this.#rebalanceSeen || !this.#deliverable(key) || payload.isStale())) break;
      }
      clearInterval(keepAlive);
      await this.#revokeIfRebalancing(payload);
    } finally {
      clearInterval(keepAlive);
      this.#inBatch = false;
    }
  };

  #deliverable(key: string): boolean {
    const live = this.#phase === 'running' || this.#phase === 'starting';
    return live && !this.#failed && this.#membership.owns(key) && !this.#state.isPaused(key);
  }

  #deliver(batch: Parameters<BatchHandler>[0]): Promise<boolean> {
    return this.#handler!(batch).then(
      () => true,
      (err: unknown) => {
        this.#fail('handler', err);
        return false;
      },
    );
  }

  readonly #keepAlive = (payload: EachBatchPayload): void => {
    payload.heartbeat().catch(this.#onKeepAliveError);
  };

  readonly #onKeepAliveError = (err: unknown): void => {
    if (isRebalanceError(err)) this.#rebalanceSeen = true;
  };

  /** The one point where a revoke can run before the rejoin: still inside kafkajs's eachBatch. */
  async #revokeIfRebalancing(payload: EachBatchPayload): Promise<void> {
    if (this.#membership.revoked) return;
    let rebalancing = this.#rebalanceSeen;
    if (!rebalancing) {
      try {
        await payload.heartbeat();
      } catch (err) {
        // Anything else is kafkajs's to handle: its own heartbeat right after this sees it too.
        rebalancing = isRebalanceError(err);
      }
    }
    if (rebalancing) await this.#membership.revoke('rebalance');
  }

  #onJoin(memberAssignment: IMemberAssignment): void {
    const partitions: TopicPartition[] = [];
    for (const topic of Object.keys(memberAssignment).sort()) {
      for (const partition of [...(memberAssignment[topic] ?? [])].sort((a, b) => a - b)) partitions.push({ topic, partition });
    }
    this.#rebalanceSeen = false;
    this.#restarting = false;
    const settled = this.#membership.assign(partitions);
    const generation = this.#membership.generation;
    // kafkajs fetches right after this event; holding everything paused until the callbacks have
    // settled makes its first fetch read the committed offsets after onRevoke's commits.
    this.#holding = true;
    try {
      this.#consumer?.pause(PartitionState.group(partitions));
    } catch (err) {
      this.#log.warn({ err }, 'could not hold the new assignment paused');
    }
    for (const seek of this.#state.takeSeeks()) this.seek(seek);
    this.#joins.joined();
    void settled.then(() => {
      if (this.#membership.generation !== generation) return;
      this.#holding = false;
      this.#applyPauses();
      this.#joined?.resolve();
    });
  }

  #onCrash(error: Error, restart: boolean): void {
    if (this.#phase === 'stopping' || this.#phase === 'stopped') return;
    // kafkajs has already left the group here: commits from this onRevoke wait for the restart.
    void this.#membership.revoke('crash');
    if (restart) this.#restarting = true;
    else this.#fail('crash', toEfiError(error, { operation: 'consume', groupId: this.#options.groupId }));
  }

  #fail(reason: ConsumerFailure['reason'], error: unknown): void {
    if (this.#failed || this.#phase === 'stopping' || this.#phase === 'stopped') return;
    this.#failed = true;
    const { groupId } = this.#options;
    this.#log.error({ err: error, reason }, 'consumer stopped: records are redelivered from the last commit after a restart');
    this.#joined?.reject(error);
    try {
      this.#s.onFailure?.({ groupId, reason, error });
    } catch (hookError) {
      this.#log.error({ err: hookError }, 'onConsumerFailure threw');
    }
    // Not awaited: this may run inside kafkajs's eachBatch, which stop() waits for.
    void this.stop();
  }

  #applyPauses(): void {
    if (this.#consumer === null || this.#membership.revoked || this.#holding) return;
    const { paused, active } = this.#state.split(this.#membership.partitions());
    try {
      if (paused.length > 0) this.#consumer.pause(paused);
      if (active.length > 0) this.#consumer.resume(active);
    } catch {
      // kafkajs is between runs (restarting after a crash): applied again after the next join.
    }
  }

  #busy(what: string, code: 'LOG_GROUP_BUSY' | 'LOG_UNAVAILABLE'): EfiError {
    const { groupId } = this.#options;
    return new EfiError(code, `group ${groupId}: ${what}`, { retriable: true, details: { groupId } });
  }

  #isStopped(): boolean {
    return this.#phase === 'stopped';
  }

  async #shutdown(): Promise<void> {
    const wasIdle = this.#phase === 'idle';
    this.#phase = 'stopping';
    this.#joined?.reject(new EfiError('LOG_CLOSED', `consumer of ${this.#options.groupId} stopped before it joined`));
    if (!wasIdle) {
      await this.#inFlight;
      await this.#run?.catch(() => undefined);
      // Still a member here: commits made in onRevoke land.
      await this.#membership.revoke('stop');
      await this.#consumer?.disconnect().catch((err: unknown) => this.#log.warn({ err }, 'consumer disconnect failed'));
    }
    this.#phase = 'stopped';
    this.#joins.close(new EfiError('LOG_CLOSED', 'consumer stopped'));
    this.#s.onClosed(this);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
