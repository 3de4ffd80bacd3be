import { partitionForKey } from './partitionForKey.ts';

/** What the partitioner needs from a record (a subset of the event log's `ProduceRecord`). */
export interface PartitionableRecord {
  key: Uint8Array | null;
  partition?: number;
}

/**
 * Chooses partitions for one produce call: an explicit `partition` wins, a key goes to
 * {@link partitionForKey}, and null-key records are sticky — every null-key record of one call
 * goes to the same partition, and the next call moves on round-robin.
 *
 * Why sticky per call rather than per-record round-robin (kafkajs's choice): null-key records
 * promise no order, and keeping a call's records together means one write and one fsync for them
 * instead of one per partition; round-robin across calls still spreads the load (Kafka's own
 * sticky partitioner, KIP-480, makes the same trade per batch).
 *
 * @example
 * const partitioner = new StickyPartitioner();
 * const pick = partitioner.forCall('efi.sync.v1', 6);
 * const p = pick({ key: null }); // same p for every null-key record of this call
 */
export class StickyPartitioner {
  readonly #next = new Map<string, number>();

  /** Returns a chooser for one produce call to `topic` with `partitions` partitions. */
  forCall(topic: string, partitions: number): (record: PartitionableRecord) => number {
    let sticky = -1;
    return (record) => {
      if (record.partition !== undefined) return record.partition;
      if (record.key !== null) return partitionForKey(record.key, partitions);
      if (sticky < 0) {
        // Start topics at a random partition so many short-lived producers do not all pile onto 0.
        const counter = this.#next.get(topic) ?? Math.floor(Math.random() * partitions);
        sticky = counter % partitions;
        this.#next.set(topic, (counter + 1) % partitions);
      }
      return sticky;
    };
  }
}
