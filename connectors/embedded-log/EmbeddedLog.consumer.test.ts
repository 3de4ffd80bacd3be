import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordBatch, TopicPartition } from '../../engine/ports/EventLog.ts';
import { EmbeddedLog } from './EmbeddedLog.ts';
import { PartitionLog } from './internal/PartitionLog.ts';
import { TempDataDirs } from './internal/tempDataDir.ts';

const dirs = new TempDataDirs();
afterEach(async () => {
  vi.restoreAllMocks();
  await dirs.cleanup();
});

async function openWith(topic: string, partitions: number): Promise<EmbeddedLog> {
  const log = await EmbeddedLog.open({ dataDir: await dirs.make() });
  await log.createTopics([{ name: topic, partitions }]);
  return log;
}

const records = (n: number, partition = 0) => Array.from({ length: n }, (_, i) => ({ key: null, value: Buffer.from(`v${i}`), partition }));

describe('EmbeddedLog consumer', () => {
  describe('when a handler is still working on a batch', () => {
    it('does not hand out the next batch of that partition until it settles', async () => {
      const log = await openWith('t', 1);
      await log.produce('t', records(5));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const batches: RecordBatch[] = [];
      const consumer = log.consumer({ groupId: 'g', topics: ['t'], maxBatchRecords: 2 });
      await consumer.start(async (batch) => {
        batches.push(batch);
        if (batches.length === 1) await gate;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(batches).toHaveLength(1);
      release();
      await expect.poll(() => batches.flatMap((b) => b.records).length).toBe(5);
      expect(batches.map((b) => b.records.length)).toEqual([2, 2, 1]);
      await log.close();
    });
  });

  describe('when it is idle', () => {
    it('does not poll the log, and wakes on the next append', async () => {
      const log = await openWith('t', 2);
      const seen: number[] = [];
      const consumer = log.consumer({ groupId: 'g', topics: ['t'] });
      await consumer.start(async (batch) => {
        seen.push(...batch.records.map((r) => r.offset));
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const reads = vi.spyOn(PartitionLog.prototype, 'read');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(reads).not.toHaveBeenCalled();
      await log.produce('t', records(3, 1));
      await expect.poll(() => seen).toEqual([0, 1, 2]);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(3);
      await log.close();
    });
  });

  describe('when a handler rejects', () => {
    it('stops that member; another member of the group resumes from the last commit', async () => {
      const log = await openWith('t', 1);
      await log.produce('t', records(6));
      const failing = log.consumer({ groupId: 'g', topics: ['t'], maxBatchRecords: 2 });
      let calls = 0;
      await failing.start(async (batch) => {
        calls += 1;
        if (calls === 2) throw new Error('handler broke');
        await failing.commit([{ topic: 't', partition: 0, offset: batch.records.at(-1)!.offset + 1 }]);
      });
      await expect.poll(() => failing.assignment()).toEqual([]);
      expect(calls).toBe(2);
      await failing.stop();

      const offsets: number[] = [];
      const next = log.consumer({ groupId: 'g', topics: ['t'] });
      await next.start(async (batch) => {
        offsets.push(...batch.records.map((r) => r.offset));
      });
      await expect.poll(() => offsets).toEqual([2, 3, 4, 5]);
      await log.close();
    });
  });

  describe('when a partition moves to another member', () => {
    it('revokes it from the old owner (which commits) before the new owner starts from that commit', async () => {
      const log = await openWith('t', 2);
      await log.produce('t', [...records(4, 0), ...records(4, 1)]);
      const events: string[] = [];
      const progress = new Map<number, number>();
      const first = log.consumer({
        groupId: 'g',
        topics: ['t'],
        onRevoke: async (tps: TopicPartition[]) => {
          events.push(`first revoke ${tps.map((tp) => tp.partition)}`);
          await first.commit(tps.map((tp) => ({ ...tp, offset: progress.get(tp.partition) ?? 0 })));
        },
      });
      await first.start(async (batch) => {
        progress.set(batch.partition, batch.records.at(-1)!.offset + 1);
      });
      await expect.poll(() => progress.get(1)).toBe(4);

      const secondSaw: number[] = [];
      const second = log.consumer({
        groupId: 'g',
        topics: ['t'],
        onAssign: (tps) => {
          events.push(`second assign ${tps.map((tp) => tp.partition)}`);
        },
      });
      await second.start(async (batch) => {
        secondSaw.push(...batch.records.map((r) => r.offset));
      });
      expect(events).toEqual(['first revoke 1', 'second assign 1']);
      expect(first.assignment()).toEqual([{ topic: 't', partition: 0 }]);
      expect(second.assignment()).toEqual([{ topic: 't', partition: 1 }]);
      await log.produce('t', records(1, 1));
      await expect.poll(() => secondSaw).toEqual([4]);
      await log.close();
    });
  });

  describe('when seek is called while a batch is being handled', () => {
    it('continues from the sought offset after the batch', async () => {
      const log = await openWith('t', 1);
      await log.produce('t', records(6));
      const offsets: number[] = [];
      const consumer = log.consumer({ groupId: 'g', topics: ['t'], maxBatchRecords: 3 });
      let sought = false;
      await consumer.start(async (batch) => {
        offsets.push(...batch.records.map((r) => r.offset));
        if (!sought) {
          sought = true;
          consumer.seek({ topic: 't', partition: 0, offset: 1 });
        }
      });
      await expect.poll(() => offsets).toEqual([0, 1, 2, 1, 2, 3, 4, 5]);
      await log.close();
    });
  });

  describe('when the partition is not assigned', () => {
    it('refuses seek with LOG_PARTITION_UNKNOWN', async () => {
      const log = await openWith('t', 1);
      const consumer = log.consumer({ groupId: 'g', topics: ['t'] });
      await consumer.start(async () => undefined);
      expect(() => consumer.seek({ topic: 't', partition: 3, offset: 0 })).toThrow(expect.objectContaining({ code: 'LOG_PARTITION_UNKNOWN' }));
      await expect(log.consumer({ groupId: 'h', topics: ['missing'] }).start(async () => undefined)).rejects.toMatchObject({ code: 'LOG_TOPIC_UNKNOWN' });
      await log.close();
    });
  });
});
