import type { BatchHandler, ConsumerOptions, EventLog, LogConsumer, LogRecord, TopicPartition } from '../../../engine/ports/EventLog.ts';

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

/** `topic#partition`, for comparing assignments as sorted string lists. */
export function key(tp: TopicPartition): string {
  return `${tp.topic}#${tp.partition}`;
}
