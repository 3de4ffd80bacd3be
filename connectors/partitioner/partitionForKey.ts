import { murmur2 } from './murmur2.ts';

/**
 * The partition Kafka's Java default partitioner (and kafkajs's `DefaultPartitioner`) picks for a
 * non-null key: `toPositive(murmur2(key)) % partitions`, where `toPositive` clears the sign bit
 * (it is not `Math.abs`). A key therefore lands on the same partition in embedded and Kafka mode.
 *
 * @example
 * partitionForKey(Buffer.from('LOC-1'), 12); // same number kafkajs and the Java client give
 */
export function partitionForKey(key: Uint8Array, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  }
  return (murmur2(key) & 0x7fffffff) % partitions;
}
