import { EfiError } from '../../../engine/errors/index.ts';
import type { RecordMetadata } from '../../../engine/ports/index.ts';

/** One partition's answer to a produce request, as kafkajs returns it. */
export interface PartitionAck {
  partition: number;
  /** Offset of the first record written to this partition by the request. */
  baseOffset?: string;
  /** `-1` unless the topic stamps records with the broker's append time. */
  logAppendTime?: string;
}

/**
 * kafkajs acknowledges a send with one base offset per partition; the records of one partition
 * were written as one batch, in the order given, at consecutive offsets from that base. So the
 * i-th record (in input order) that went to partition p sits at `base(p) + i`.
 *
 * @example
 * toRecordMetadata('t', [0, 1, 0], [t0, t0, t0], [{ partition: 0, baseOffset: '10' }, { partition: 1, baseOffset: '4' }]);
 * // → offsets 10, 4, 11
 */
export function toRecordMetadata(
  topic: string,
  partitions: readonly number[],
  timestamps: readonly number[],
  acks: readonly PartitionAck[],
): RecordMetadata[] {
  const next = new Map<number, { offset: number; appendTime: number }>();
  for (const ack of acks) {
    const appendTime = ack.logAppendTime === undefined ? -1 : Number(ack.logAppendTime);
    next.set(ack.partition, { offset: Number(ack.baseOffset), appendTime });
  }
  const result = new Array<RecordMetadata>(partitions.length);
  for (let i = 0; i < partitions.length; i++) {
    const partition = partitions[i]!;
    const slot = next.get(partition);
    if (slot === undefined || !Number.isSafeInteger(slot.offset)) {
      // Never report an offset we were not given: the caller would treat the record as durable.
      throw new EfiError('LOG_UNAVAILABLE', `the broker acknowledged no offset for ${topic}/${partition}`, {
        details: { topic, partition },
      });
    }
    result[i] = { topic, partition, offset: slot.offset, timestamp: slot.appendTime >= 0 ? slot.appendTime : timestamps[i]! };
    slot.offset += 1;
  }
  return result;
}
