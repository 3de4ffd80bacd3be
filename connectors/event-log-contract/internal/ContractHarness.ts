import { randomBytes } from 'node:crypto';
import type {
  BatchHandler,
  ConsumerOptions,
  EventLog,
  LogConsumer,
  LogRecord,
  TopicPartition,
} from '../../../engine/ports/EventLog.ts';

/** Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A record as a test compares it: offsets and partition plus utf-8 key and value. */
export function brief(record: LogRecord): { partition: number; offset: number; key: string | null; value: string | null } {
  return {
    partition: record.partition,
    offset: record.offset,
    key: record.key === null ? null : record.key.toString('utf8'),
    value: record.value === null ? null : record.value.toString('utf8'),
  };
}

/** Everything one consumer was handed, plus what its rebalance callbacks said. */
export class Collector {
  readonly records: LogRecord[] = [];
  /** Rebalance callbacks in arrival order: `+` assigned, `-` revoked. */
  readonly rebalances: Array<{ sign: '+' | '-'; partitions: TopicPartition[] }> = [];
  readonly consumer: LogConsumer;
  #commitEachBatch: boolean;

  constructor(log: EventLog, options: ConsumerOptions, { commitEachBatch = false } = {}) {
    this.#commitEachBatch = commitEachBatch;
    this.consumer = log.consumer({
      ...options,
      onAssign: async (partitions) => {
        this.rebalances.push({ sign: '+', partitions });
        await options.onAssign?.(partitions);
      },
      onRevoke: async (partitions) => {
        this.rebalances.push({ sign: '-', partitions });
        await options.onRevoke?.(partitions);
      },
    });
  }

  readonly handler: BatchHandler = async (batch) => {
    this.records.push(...batch.records);
    const last = batch.records.at(-1);
    if (this.#commitEachBatch && last) {
      await this.consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: last.offset + 1 }]);
    }
  };

  start(): Promise<void> {
    return this.consumer.start(this.handler);
  }

  /** Partitions held according to the callbacks: all assigned minus all revoked, in order. */
  heldByCallbacks(): string[] {
    const held = new Set<string>();
    for (const { sign, partitions } of this.rebalances) {
      for (const tp of partitions) {
        if (sign === '+') held.add(key(tp));
        else held.delete(key(tp));
      }
    }
    return [...held].sort();
  }
}

export function key(tp: TopicPartition): string {
  return `${tp.topic}#${tp.partition}`;
}

/**
 * Per-test resources with unique names (a real broker keeps topics and groups between tests and
 * runs), and cleanup of every consumer and connection the test opened.
 */
export class ContractHarness {
  readonly #logs: EventLog[] = [];
  readonly #consumers: LogConsumer[] = [];
  readonly #run = randomBytes(4).toString('hex');
  #counter = 0;

  constructor(readonly caseName: string) {}

  track(log: EventLog): EventLog {
    this.#logs.push(log);
    return log;
  }

  untrack(log: EventLog): void {
    const i = this.#logs.indexOf(log);
    if (i >= 0) this.#logs.splice(i, 1);
  }

  /** A topic or group name no other test or run uses (Kafka's legal characters only). */
  name(kind: 'topic' | 'group'): string {
    this.#counter += 1;
    return `efi-contract.${kind}.${this.caseName}.${this.#run}.${this.#counter}`;
  }

  async topic(log: EventLog, partitions: number, compacted = false): Promise<string> {
    const name = this.name('topic');
    await log.createTopics([{ name, partitions, compacted }]);
    return name;
  }

  collector(log: EventLog, options: ConsumerOptions, extra?: { commitEachBatch?: boolean }): Collector {
    const collector = new Collector(log, options, extra);
    this.#consumers.push(collector.consumer);
    return collector;
  }

  async cleanup(): Promise<void> {
    const errors: unknown[] = [];
    for (const consumer of this.#consumers.splice(0)) await consumer.stop().catch((e) => errors.push(e));
    for (const log of this.#logs.splice(0)) await log.close().catch((e) => errors.push(e));
    if (errors.length > 0) throw new AggregateError(errors, `cleanup of ${this.caseName} failed`);
  }
}
