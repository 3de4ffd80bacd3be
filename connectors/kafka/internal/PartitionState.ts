import type { TopicPartition, TopicPartitionOffset } from '../../../engine/ports/index.ts';

/** kafkajs's shape for pause / resume: partitions grouped by topic. */
export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/**
 * A consumer's own record of what the engine asked for — pauses and seeks — kept apart from
 * kafkajs because kafkajs forgets both when it restarts a crashed consumer (a new internal group
 * object) and refuses seeks before `run()`. It is re-applied to kafkajs after every join.
 * Pausing everything (`pause()` without partitions) also covers partitions assigned later,
 * except those resumed one by one since.
 *
 * @example
 * state.pause(); state.resume([{ topic, partition: 0 }]);
 * state.isPaused(PartitionState.key(topic, 1)); // true
 */
export class PartitionState {
  #pauseAll = false;
  readonly #paused = new Set<string>();
  /** Resumed one by one while everything is paused. */
  readonly #resumed = new Set<string>();
  readonly #seeks = new Map<string, TopicPartitionOffset>();

  /** A map key for a partition; `:` cannot occur in a Kafka topic name. */
  static key(topic: string, partition: number): string {
    return `${partition}:${topic}`;
  }

  pause(partitions?: readonly TopicPartition[]): void {
    if (partitions === undefined) {
      this.#pauseAll = true;
      this.#paused.clear();
      this.#resumed.clear();
      return;
    }
    for (const { topic, partition } of partitions) {
      const k = PartitionState.key(topic, partition);
      this.#paused.add(k);
      this.#resumed.delete(k);
    }
  }

  resume(partitions?: readonly TopicPartition[]): void {
    if (partitions === undefined) {
      this.#pauseAll = false;
      this.#paused.clear();
      this.#resumed.clear();
      return;
    }
    for (const { topic, partition } of partitions) {
      const k = PartitionState.key(topic, partition);
      this.#paused.delete(k);
      if (this.#pauseAll) this.#resumed.add(k);
    }
  }

  isPaused(key: string): boolean {
    return this.#paused.has(key) || (this.#pauseAll && !this.#resumed.has(key));
  }

  /** Splits an assignment into the partitions to hold back and those to fetch, grouped by topic. */
  split(assigned: readonly TopicPartition[]): { paused: TopicPartitions[]; active: TopicPartitions[] } {
    const paused = new Map<string, number[]>();
    const active = new Map<string, number[]>();
    for (const { topic, partition } of assigned) {
      const target = this.isPaused(PartitionState.key(topic, partition)) ? paused : active;
      const list = target.get(topic);
      if (list) list.push(partition);
      else target.set(topic, [partition]);
    }
    return { paused: grouped(paused), active: grouped(active) };
  }

  /** Partitions grouped by topic, as kafkajs's pause and resume take them. */
  static group(partitions: readonly TopicPartition[]): TopicPartitions[] {
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) {
      const list = byTopic.get(topic);
      if (list) list.push(partition);
      else byTopic.set(topic, [partition]);
    }
    return grouped(byTopic);
  }

  /** Remembers a seek to apply once its partition is assigned (the latest seek per partition wins). */
  queueSeek(position: TopicPartitionOffset): void {
    this.#seeks.set(PartitionState.key(position.topic, position.partition), { ...position });
  }

  /** Removes and returns every queued seek. */
  takeSeeks(): TopicPartitionOffset[] {
    const seeks = [...this.#seeks.values()];
    this.#seeks.clear();
    return seeks;
  }
}

function grouped(byTopic: Map<string, number[]>): TopicPartitions[] {
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
