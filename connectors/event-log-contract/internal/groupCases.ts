import { describe, expect } from 'vitest';
import type { LogRecord } from '../../../engine/ports/EventLog.ts';
import { key, type Collector } from './Collector.ts';
import { eventually, sleep } from './eventually.ts';
import { contractCase, type EventLogContractSetup } from './ContractContext.ts';

const ids = (records: LogRecord[]) => records.map((r) => `${r.partition}@${r.offset}`);
const owned = (c: Collector) => c.consumer.assignment().map(key).sort();

export function groupCases(setup: EventLogContractSetup): void {
  describe('when a group commits and restarts', () => {
    contractCase(setup, 'resumes a new member from the committed offset', async ({ h, log, waitMs, quietMs }) => {
      const topic = await h.topic(log, 1);
      const groupId = h.name('group');
      await log.produce(topic, Array.from({ length: 10 }, (_, i) => ({ key: null, value: Buffer.from(`v${i}`) })));
      const first = h.collector(log, { groupId, topics: [topic] });
      await first.start();
      await eventually('ten records', () => first.records.length === 10, waitMs);
      await first.consumer.commit([{ topic, partition: 0, offset: 6 }]);
      await first.consumer.stop();
      expect(await log.committedOffsets(groupId, topic)).toEqual([{ topic, partition: 0, offset: 6 }]);

      const second = h.collector(log, { groupId, topics: [topic], reset: 'earliest' });
      await second.start();
      await eventually('the uncommitted records', () => second.records.length >= 4, waitMs);
      await sleep(quietMs);
      expect(second.records.map((r) => r.offset)).toEqual([6, 7, 8, 9]);
    });
  });

  describe('when two members share a group', () => {
    contractCase(setup, 'splits the partitions and sees every record exactly once, also after one leaves', async ({ h, log, waitMs, quietMs }) => {
      const topic = await h.topic(log, 4);
      const groupId = h.name('group');
      const a = h.collector(log, { groupId, topics: [topic] }, { commitEachBatch: true });
      const b = h.collector(log, { groupId, topics: [topic] }, { commitEachBatch: true });
      await a.start();
      await b.start();
      await eventually('a settled split of four partitions', () => {
        const [pa, pb] = [owned(a), owned(b)];
        return pa.length > 0 && pb.length > 0 && new Set([...pa, ...pb]).size === 4 && pa.length + pb.length === 4;
      }, waitMs);
      // The rebalance callbacks tell the same story as assignment().
      expect(a.heldByCallbacks()).toEqual(owned(a));
      expect(b.heldByCallbacks()).toEqual(owned(b));

      await log.produce(topic, Array.from({ length: 40 }, (_, i) => ({ key: Buffer.from(`key-${i}`), value: Buffer.from(`v${i}`) })));
      await eventually('40 records between the two', () => a.records.length + b.records.length >= 40, waitMs);
      await sleep(quietMs);
      const seen = [...ids(a.records), ...ids(b.records)];
      expect(seen).toHaveLength(40);
      expect(new Set(seen).size).toBe(40);
      for (const c of [a, b]) {
        for (const r of c.records) expect(owned(c)).toContain(key(r));
      }

      await b.consumer.stop();
      await eventually('the remaining member owns all four', () => owned(a).length === 4, waitMs);
      expect(a.heldByCallbacks()).toEqual(owned(a));
      await log.produce(topic, Array.from({ length: 8 }, (_, i) => ({ key: Buffer.from(`after-${i}`), value: Buffer.from('x') })));
      await eventually('48 records in all', () => a.records.length + b.records.length >= 48, waitMs);
      await sleep(quietMs);
      const all = [...ids(a.records), ...ids(b.records)];
      expect(all).toHaveLength(48);
      expect(new Set(all).size).toBe(48);
    });
  });
}
