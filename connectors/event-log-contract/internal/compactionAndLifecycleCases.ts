import { describe, expect } from 'vitest';
import { eventually } from './eventually.ts';
import { contractCase, type EventLogContractSetup } from './ContractContext.ts';

const text = (s: string | null) => (s === null ? null : Buffer.from(s));
const byPartition = <T extends { partition: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.partition - b.partition);

export function compactionAndLifecycleCases(setup: EventLogContractSetup): void {
  describe('when a topic is read compacted', () => {
    for (const compacted of [true, false]) {
      contractCase(setup, `keeps the latest value per key and drops deleted keys (compacted: ${compacted})`, async ({ h, log }) => {
        const topic = await h.topic(log, 2, compacted);
        const acks = await log.produce(topic, [
          ['k1', 'v1'],
          ['k2', 'v2'],
          ['k1', 'v3'],
          ['k3', 'v4'],
          ['k2', null],
        ].map(([k, v]) => ({ key: text(k!), value: text(v!) })));
        const latest = await log.readCompacted(topic);
        expect([...latest.keys()].sort()).toEqual(['k1', 'k3']);
        expect(latest.get('k1')).toMatchObject({ topic, partition: acks[2]!.partition, offset: acks[2]!.offset, value: Buffer.from('v3') });
        expect(latest.get('k3')!.value).toEqual(Buffer.from('v4'));
      });
    }
  });

  describe('when the log is closed', () => {
    contractCase(setup, 'rejects further calls with LOG_CLOSED', async ({ h, log }) => {
      const topic = await h.topic(log, 1);
      h.untrack(log);
      await log.close();
      await log.close();
      await expect(log.produce(topic, [{ key: null, value: Buffer.from('late') }])).rejects.toMatchObject({ code: 'LOG_CLOSED' });
      await expect(log.listOffsets(topic)).rejects.toMatchObject({ code: 'LOG_CLOSED' });
    });

    if (setup.reopen) {
      const reopen = setup.reopen;
      contractCase(setup, 'keeps topics, records and committed offsets across a reopen', async ({ h, log, waitMs }) => {
        const topic = await h.topic(log, 2, true);
        const groupId = h.name('group');
        await log.produce(topic, ['a', 'b', 'c', 'd', 'e'].map((k, i) => ({ key: Buffer.from(k), value: Buffer.from(`v${i}`), partition: i % 2 })));
        const c = h.collector(log, { groupId, topics: [topic] });
        await c.start();
        await c.consumer.commit([{ topic, partition: 0, offset: 2 }]);
        await c.consumer.stop();
        const before = byPartition(await log.listOffsets(topic));
        h.untrack(log);
        await log.close();

        const again = h.track(await reopen(log));
        expect((await again.listTopics()).find((t) => t.name === topic)).toEqual({ name: topic, partitions: 2, compacted: true });
        expect(byPartition(await again.listOffsets(topic))).toEqual(before);
        expect(byPartition(await again.committedOffsets(groupId, topic))).toEqual([
          { topic, partition: 0, offset: 2 },
          { topic, partition: 1, offset: -1 },
        ]);
        const d = h.collector(again, { groupId, topics: [topic] });
        await d.start();
        await eventually('records after the commit', () => d.records.length >= 3, waitMs);
        expect(d.records.map((r) => `${r.partition}@${r.offset}:${r.key}`).sort()).toEqual(['0@2:e', '1@0:b', '1@1:d']);
        expect([...(await again.readCompacted(topic)).keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      });
    }
  });
}
