import { randomUUID } from 'node:crypto';
import { EfiError } from '../../../engine/errors/index.ts';
import type { Logger } from '../../../engine/logging/index.ts';
import type { ConsumerOptions, LogConsumer, LogRecord, PartitionOffsets } from '../../../engine/ports/index.ts';
import { Deferred } from './Deferred.ts';

export interface ReadCompactedDeps {
  clientId: string;
  timeoutMs: number;
  logger: Logger;
  listOffsets: (topic: string) => Promise<PartitionOffsets[]>;
  /** A group consumer that reports each partition's next offset after every batch. */
  openConsumer: (options: ConsumerOptions, onPosition: (topic: string, partition: number, next: number) => void) => LogConsumer;
  deleteGroup: (groupId: string) => Promise<void>;
}

/**
 * Reads `topic` from its low to the high watermarks taken at the start, through a throwaway
 * consumer group (unique id, no commits, deleted afterwards), and keeps the latest record per
 * key; keys whose latest record is a tombstone are left out. Records appended after the start
 * are ignored, so the result is a consistent cut even on a busy topic.
 *
 * Keys are compared as bytes and returned as UTF-8 strings. A key that sits on more than one
 * partition (only possible with explicit partitions) keeps the record with the later timestamp.
 *
 * @example
 * const cards = await readCompacted('efi.cards.changelog.v1', deps);
 */
export async function readCompacted(topic: string, deps: ReadCompactedDeps): Promise<Map<string, LogRecord>> {
  const ends = new Map<number, number>();
  for (const { partition, low, high } of await deps.listOffsets(topic)) {
    if (high > low) ends.set(partition, high);
  }
  const latest = new Map<string, LogRecord>();
  if (ends.size === 0) return latest;

  const groupId = `${deps.clientId}.read-compacted.${topic}.${randomUUID()}`;
  const done = new Deferred<void>();
  const onPosition = (_topic: string, partition: number, next: number) => {
    const high = ends.get(partition);
    if (high !== undefined && next >= high) ends.delete(partition);
    if (ends.size === 0) done.resolve();
  };
  const consumer = deps.openConsumer({ groupId, topics: [topic], reset: 'earliest', maxBatchRecords: 10_000 }, onPosition);
  const timer = setTimeout(
    () => done.reject(new EfiError('LOG_UNAVAILABLE', `readCompacted(${topic}) did not reach the end within ${deps.timeoutMs} ms`, { retriable: true, details: { topic } })),
    deps.timeoutMs,
  );
  try {
    await consumer.start(async ({ partition, records }) => {
      const high = ends.get(partition) ?? -1;
      for (const record of records) {
        if (record.offset >= high) break;
        if (record.key === null) continue;
        const id = record.key.toString('latin1');
        const seen = latest.get(id);
        const newer = seen === undefined || (seen.partition === record.partition ? record.offset > seen.offset : record.timestamp >= seen.timestamp);
        if (newer) latest.set(id, record);
      }
    });
    await done.promise;
  } finally {
    clearTimeout(timer);
    await consumer.stop();
    await deps.deleteGroup(groupId).catch((err: unknown) => deps.logger.debug({ err, groupId }, 'could not delete the read-compacted group'));
  }

  const result = new Map<string, LogRecord>();
  for (const record of latest.values()) {
    if (record.value !== null) result.set(record.key!.toString('utf8'), record);
  }
  return result;
}
