import type { Kafka as KafkaClient, Message, Producer, RetryOptions } from 'kafkajs';
import { EfiError } from '../../../engine/errors/index.ts';
import { Partitioners } from './kafkajs.ts';
import type { PartitionAck } from './toRecordMetadata.ts';

export interface ProduceSenderOptions {
  kafka: KafkaClient;
  idempotent: boolean;
  maxWaiting: number;
  retry: RetryOptions;
}

/**
 * Owns the kafkajs producer: connects it lazily, sends with `acks: -1`, and keeps idempotence
 * sound on top of kafkajs.
 *
 * kafkajs numbers each partition's batches with sequence numbers and, when a send fails, hands the
 * same numbers to the next send. If the failed batch had in fact reached the log, the broker
 * takes a later, different batch with those numbers for a duplicate and drops it while
 * acknowledging it. So, when idempotent: sends run one at a time (retries of a send reuse its own
 * numbers, never another call's), and after a failed send the producer is replaced, which gets a
 * new producer id and fresh sequence numbers (what the Java client does since KIP-360).
 *
 * @example
 * const acks = await sender.send('efi.tickets.v1', messages);
 */
export class ProduceSender {
  readonly #o: ProduceSenderOptions;
  #producer: Promise<Producer> | null = null;
  #tail: Promise<void> = Promise.resolve();
  readonly #inFlight = new Set<Promise<void>>();
  #waiting = 0;
  #closed = false;

  constructor(options: ProduceSenderOptions) {
    this.#o = options;
  }

  async send(topic: string, messages: Message[]): Promise<PartitionAck[]> {
    if (this.#closed) throw new EfiError('LOG_CLOSED', 'the Kafka log is closed');
    // The bound keeps a dead broker from turning callers that do not await into unbounded memory.
    if (this.#waiting >= this.#o.maxWaiting) {
      throw new EfiError('QUEUE_FULL', `${this.#waiting} produce calls are already waiting for the broker`, { retriable: true, details: { topic } });
    }
    this.#waiting += 1;
    const turn = this.#o.idempotent ? this.#tail.then(() => this.#sendNow(topic, messages)) : this.#sendNow(topic, messages);
    const settled = turn.then(noop, noop);
    if (this.#o.idempotent) this.#tail = settled;
    this.#inFlight.add(settled);
    try {
      return await turn;
    } finally {
      this.#waiting -= 1;
      this.#inFlight.delete(settled);
    }
  }

  /** Lets sends already under way finish, then disconnects. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#inFlight);
    await this.#reset();
  }

  async #sendNow(topic: string, messages: Message[]): Promise<PartitionAck[]> {
    if (this.#closed) throw new EfiError('LOG_CLOSED', 'the Kafka log is closed');
    try {
      const producer = await this.#connected();
      return (await producer.send({ topic, messages, acks: -1 })) as PartitionAck[];
    } catch (err) {
      if (this.#o.idempotent) await this.#reset();
      throw err;
    }
  }

  #connected(): Promise<Producer> {
    this.#producer ??= (async () => {
      const producer = this.#o.kafka.producer({
        // Partitions are chosen before kafkajs sees a record (see toKafkaMessages); naming the
        // Java-compatible partitioner documents the intent and silences kafkajs's v2 warning.
        createPartitioner: Partitioners.JavaCompatiblePartitioner,
        idempotent: this.#o.idempotent,
        // kafkajs's idempotence is only correct with one request in flight per broker.
        ...(this.#o.idempotent ? { maxInFlightRequests: 1 } : {}),
        allowAutoTopicCreation: false,
        retry: this.#o.retry,
      });
      try {
        await producer.connect();
      } catch (err) {
        this.#producer = null;
        await producer.disconnect().catch(() => undefined);
        throw err;
      }
      return producer;
    })();
    return this.#producer;
  }

  async #reset(): Promise<void> {
    const pending = this.#producer;
    this.#producer = null;
    if (pending === null) return;
    const producer = await pending.catch(() => null);
    await producer?.disconnect().catch(() => undefined);
  }
}

function noop(): void {}
