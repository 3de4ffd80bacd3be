import type { EventLog } from '../ports/index.ts';

/**
 * Records of `topics` a consumer group has not committed yet: per partition, from its committed
 * offset (or the partition's low offset when it has none) to the partition's high offset.
 *
 * @example
 * const done = (await groupBacklog(log, 'efi-engine', ['efi.tickets.v1'])) === 0;
 */
export async function groupBacklog(log: EventLog, groupId: string, topics: readonly string[]): Promise<number> {
  let waiting = 0;
  for (const topic of topics) {
    const committed = await log.committedOffsets(groupId, topic);
    for (const { partition, low, high } of await log.listOffsets(topic)) {
      const at = committed.find((c) => c.partition === partition)?.offset ?? -1;
      waiting += Math.max(0, high - Math.max(at, low));
    }
  }
  return waiting;
}
