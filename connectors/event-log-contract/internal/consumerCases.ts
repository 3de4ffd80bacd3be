import { describe, expect } from 'vitest';
import { eventually, sleep } from './eventually.ts';
import { contractCase, type EventLogContractSetup } from './ContractContext.ts';

const values = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => Buffer.from(`${prefix}${i}`));

export function consumerCases(setup: EventLogContractSetup): void {
  describe('when a consumer is running', () => {
    contractCase(setup, 'receives records produced after it started, each once and in order', async ({ h, log, waitMs, quietMs }) => {
      const topic = await h.topic(log, 2);
      const c = h.collector(log, { groupId: h.name('group'), topics: [topic] });
      await c.start();
      expect(c.consumer.assignment().map((tp) => tp.partition).sort()).toEqual([0, 1]);
      await log.produce(topic, values(6, 'v').map((value, i) => ({ key: null, value, partition: i % 2 })));
      await eventually('six records', () => c.records.length >= 6, waitMs);
      await sleep(quietMs);
      for (const p of [0, 1]) {
        expect(c.records.filter((r) => r.partition === p).map((r) => r.offset)).toEqual([0, 1, 2]);
      }
      expect(c.records).toHaveLength(6);
    });

    contractCase(setup, 'starts an unknown group at the earliest or the latest offset as asked', async ({ h, log, waitMs }) => {
      const topic = await h.topic(log, 1);
      await log.produce(topic, values(3, 'old').map((value) => ({ key: null, value })));
      const early = h.collector(log, { groupId: h.name('group'), topics: [topic], reset: 'earliest' });
      await early.start();
      await eventually('the three old records', () => early.records.length === 3, waitMs);
      expect(early.records.map((r) => r.offset)).toEqual([0, 1, 2]);

      const late = h.collector(log, { groupId: h.name('group'), topics: [topic], reset: 'latest' });
      await late.start();
      // A broker may resolve "latest" a moment after the join: keep producing until one arrives.
      let sent = 0;
      await eventually('a record produced after start', async () => {
        if (late.records.length > 0) return true;
        await log.produce(topic, [{ key: null, value: Buffer.from(`late${sent++}`) }]);
        await sleep(200);
        return late.records.length > 0;
      }, waitMs);
      expect(late.records.every((r) => r.offset >= 3 && r.value!.toString().startsWith('late'))).toBe(true);
    });

    contractCase(setup, 'delivers batches of at most maxBatchRecords', async ({ h, log, waitMs }) => {
      const topic = await h.topic(log, 1);
      await log.produce(topic, values(25, 'v').map((value) => ({ key: null, value })));
      const sizes: number[] = [];
      const seen: number[] = [];
      const belowMark: number[] = [];
      const consumer = h.collector(log, { groupId: h.name('group'), topics: [topic], maxBatchRecords: 10 }).consumer;
      await consumer.start(async (batch) => {
        sizes.push(batch.records.length);
        seen.push(...batch.records.map((r) => r.offset));
        if (batch.highWatermark < batch.records.at(-1)!.offset + 1) belowMark.push(batch.highWatermark);
      });
      await eventually('25 records', () => seen.length >= 25, waitMs);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
      expect(belowMark).toEqual([]);
    });

    contractCase(setup, 'moves a partition to the offset given to seek', async ({ h, log, waitMs }) => {
      const topic = await h.topic(log, 1);
      await log.produce(topic, values(10, 'v').map((value) => ({ key: null, value })));
      const c = h.collector(log, { groupId: h.name('group'), topics: [topic] });
      await c.start();
      await eventually('ten records', () => c.records.length === 10, waitMs);
      c.consumer.seek({ topic, partition: 0, offset: 3 });
      await eventually('records from 3 again', () => c.records.length >= 17, waitMs);
      expect(c.records.slice(10).map((r) => r.offset)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    });

    contractCase(setup, 'holds paused partitions back until they are resumed', async ({ h, log, waitMs, quietMs }) => {
      const topic = await h.topic(log, 2);
      const c = h.collector(log, { groupId: h.name('group'), topics: [topic] });
      await c.start();
      await log.produce(topic, [0, 1].map((partition) => ({ key: null, value: Buffer.from('first'), partition })));
      await eventually('one record per partition', () => c.records.length === 2, waitMs);
      c.consumer.pause();
      await log.produce(topic, [0, 1, 0, 1].map((partition) => ({ key: null, value: Buffer.from('held'), partition })));
      await sleep(quietMs);
      expect(c.records).toHaveLength(2);
      c.consumer.resume([{ topic, partition: 0 }]);
      await eventually('partition 0 resumed', () => c.records.filter((r) => r.partition === 0).length === 3, waitMs);
      await sleep(quietMs);
      expect(c.records.filter((r) => r.partition === 1)).toHaveLength(1);
      c.consumer.resume();
      await eventually('partition 1 resumed', () => c.records.filter((r) => r.partition === 1).length === 3, waitMs);
    });
  });
}
