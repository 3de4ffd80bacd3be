import { describe, expect } from 'vitest';
import { partitionForKey } from '../../partitioner/index.ts';
import type { LogRecord, ProduceRecord } from '../../../engine/ports/EventLog.ts';
import { eventually } from './eventually.ts';
import { contractCase, type EventLogContractSetup } from './ContractContext.ts';

export function topicAndProduceCases(setup: EventLogContractSetup): void {
  describe('when topics are created', () => {
    contractCase(setup, 'keeps the first partition count when a topic is created again', async ({ h, log, waitMs }) => {
      const plain = h.name('topic');
      const changelog = h.name('topic');
      await log.createTopics([
        { name: plain, partitions: 3 },
        { name: changelog, partitions: 2, compacted: true },
      ]);
      await log.createTopics([{ name: plain, partitions: 5 }]);
      await eventually('both topics listed', async () => {
        const names = new Set((await log.listTopics()).map((t) => t.name));
        return names.has(plain) && names.has(changelog);
      }, waitMs);
      const topics = await log.listTopics();
      expect(topics.find((t) => t.name === plain)).toEqual({ name: plain, partitions: 3, compacted: false });
      expect(topics.find((t) => t.name === changelog)).toEqual({ name: changelog, partitions: 2, compacted: true });
      expect(await log.listOffsets(plain)).toHaveLength(3);
    });
  });

  describe('when records are produced', () => {
    contractCase(setup, 'acknowledges in the given order with consecutive offsets per partition', async ({ h, log }) => {
      const topic = await h.topic(log, 3);
      const t0 = Date.now() - 60_000;
      const records: ProduceRecord[] = Array.from({ length: 12 }, (_, i) => ({
        key: Buffer.from(`k${i}`),
        value: Buffer.from(`v${i}`),
        partition: i % 3,
        timestamp: t0 + i,
      }));
      const acks = await log.produce(topic, records);
      expect(acks.map((a) => [a.topic, a.partition, a.offset, a.timestamp])).toEqual(
        records.map((_, i) => [topic, i % 3, Math.floor(i / 3), t0 + i]),
      );
      const more = await log.produce(topic, [{ key: null, value: Buffer.from('x'), partition: 1 }]);
      expect(more[0]).toMatchObject({ topic, partition: 1, offset: 4 });
    });

    contractCase(setup, 'stamps records without a timestamp with the append time', async ({ h, log, waitMs }) => {
      const topic = await h.topic(log, 1);
      const before = Date.now();
      const [ack] = await log.produce(topic, [{ key: null, value: Buffer.from('now') }]);
      const after = Date.now();
      // Clients and brokers stamp at slightly different moments; a second either way is generous.
      expect(ack!.timestamp).toBeGreaterThanOrEqual(before - 1_000);
      expect(ack!.timestamp).toBeLessThanOrEqual(after + 1_000);
      const c = h.collector(log, { groupId: h.name('group'), topics: [topic] });
      await c.start();
      await eventually('the record is consumed', () => c.records.length === 1, waitMs);
      expect(c.records[0]!.timestamp).toBe(ack!.timestamp);
    });

    contractCase(setup, "puts a keyed record on murmur2's partition", async ({ h, log, waitMs }) => {
      const topic = await h.topic(log, 7);
      const keys = [
        ...Array.from({ length: 40 }, (_, i) => Buffer.from(`LOC-${i}`)),
        Buffer.from([0]),
        Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7f]),
        Buffer.alloc(0),
      ];
      const acks = await log.produce(topic, keys.map((key, i) => ({ key, value: Buffer.from(String(i)) })));
      expect(acks.map((a) => a.partition)).toEqual(keys.map((k) => partitionForKey(k, 7)));
      const c = h.collector(log, { groupId: h.name('group'), topics: [topic] });
      await c.start();
      await eventually('all keyed records consumed', () => c.records.length === keys.length, waitMs);
      for (const r of c.records) expect(r.partition).toBe(partitionForKey(r.key!, 7));
    });

    contractCase(setup, 'round-trips headers, null keys, null and empty values and binary bytes', async ({ h, log, waitMs }) => {
      const topic = await h.topic(log, 1);
      const binary = Buffer.from([0, 1, 2, 0xff, 0x80, 0x7f, 0]);
      await log.produce(topic, [
        { key: Buffer.from('h'), value: Buffer.from('with headers'), headers: { trace: 'abc', raw: binary } },
        { key: null, value: Buffer.from('no key') },
        { key: Buffer.from('tomb'), value: null },
        { key: Buffer.from('empty'), value: Buffer.alloc(0) },
        { key: binary, value: binary },
      ]);
      const c = h.collector(log, { groupId: h.name('group'), topics: [topic] });
      await c.start();
      await eventually('five records consumed', () => c.records.length === 5, waitMs);
      const [withHeaders, noKey, tomb, empty, bin] = c.records as [LogRecord, LogRecord, LogRecord, LogRecord, LogRecord];
      expect(withHeaders.headers).toEqual({ trace: Buffer.from('abc'), raw: binary });
      expect(noKey.key).toBeNull();
      expect(noKey.headers).toEqual({});
      expect(tomb.value).toBeNull();
      expect(Buffer.isBuffer(empty.value) && empty.value.length).toBe(0);
      expect(bin.key).toEqual(binary);
      expect(bin.value).toEqual(binary);
      expect(c.records.map((r) => [r.topic, r.partition, r.offset])).toEqual([0, 1, 2, 3, 4].map((o) => [topic, 0, o]));
    });
  });
}
