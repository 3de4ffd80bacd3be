import { describe, expect } from 'vitest';
import type { TopicPartitionOffset } from '../../../engine/ports/EventLog.ts';
import { contractCase, type EventLogContractSetup } from './ContractContext.ts';

const byPartition = <T extends { partition: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.partition - b.partition);

export function offsetCases(setup: EventLogContractSetup): void {
  describe('when offsets are listed', () => {
    contractCase(setup, 'reports low and high per partition', async ({ h, log }) => {
      const topic = await h.topic(log, 2);
      expect(byPartition(await log.listOffsets(topic))).toEqual([
        { partition: 0, low: 0, high: 0 },
        { partition: 1, low: 0, high: 0 },
      ]);
      await log.produce(topic, [
        { key: null, value: Buffer.from('a'), partition: 0 },
        { key: null, value: Buffer.from('b'), partition: 0 },
        { key: null, value: Buffer.from('c'), partition: 1 },
        { key: null, value: Buffer.from('d'), partition: 0 },
      ]);
      expect(byPartition(await log.listOffsets(topic))).toEqual([
        { partition: 0, low: 0, high: 3 },
        { partition: 1, low: 0, high: 1 },
      ]);
    });
  });

  describe('when offsets are looked up by time', () => {
    contractCase(setup, 'gives the first offset at or after the time, or high', async ({ h, log }) => {
      const topic = await h.topic(log, 2);
      // An hour ago: old enough to be clearly "event time", young enough for any broker retention.
      const t0 = Date.now() - 3_600_000;
      await log.produce(
        topic,
        [0, 1_000, 2_000].map((dt) => ({ key: null, value: Buffer.from(String(dt)), partition: 0, timestamp: t0 + dt })),
      );
      const at = async (timestamp: number): Promise<Array<[number, number]>> =>
        byPartition(await log.offsetsForTime(topic, timestamp)).map((o: TopicPartitionOffset) => {
          expect(o.topic).toBe(topic);
          return [o.partition, o.offset];
        });
      expect(await at(t0 - 10_000)).toEqual([[0, 0], [1, 0]]);
      expect(await at(t0)).toEqual([[0, 0], [1, 0]]);
      expect(await at(t0 + 500)).toEqual([[0, 1], [1, 0]]);
      expect(await at(t0 + 1_000)).toEqual([[0, 1], [1, 0]]);
      expect(await at(t0 + 2_000)).toEqual([[0, 2], [1, 0]]);
      expect(await at(t0 + 60_000)).toEqual([[0, 3], [1, 0]]);
    });
  });

  describe('when a group has committed nothing', () => {
    contractCase(setup, 'reports -1 per partition, and the committed offset once there is one', async ({ h, log }) => {
      const topic = await h.topic(log, 2);
      const groupId = h.name('group');
      expect(byPartition(await log.committedOffsets(groupId, topic))).toEqual([
        { topic, partition: 0, offset: -1 },
        { topic, partition: 1, offset: -1 },
      ]);
      await log.produce(topic, [0, 1, 2].map((i) => ({ key: null, value: Buffer.from(String(i)), partition: 1 })));
      const c = h.collector(log, { groupId, topics: [topic] });
      await c.start();
      await c.consumer.commit([{ topic, partition: 1, offset: 2 }]);
      await c.consumer.stop();
      expect(byPartition(await log.committedOffsets(groupId, topic))).toEqual([
        { topic, partition: 0, offset: -1 },
        { topic, partition: 1, offset: 2 },
      ]);
    });
  });
}
