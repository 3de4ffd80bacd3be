import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogConsumer, TopicPartition } from '../../engine/ports/index.ts';
import { KafkaLog } from './KafkaLog.ts';
import type { ConsumerFailure } from './KafkaLogOptions.ts';
import { eventually, sleep } from '../event-log-contract/index.ts';
import { fastGroupTimings } from './internal/testing/fastGroupTimings.ts';

const brokers = process.env.KAFKA_BROKERS ?? '';
const unique = (what: string) => `efi-kafka-test.${what}.${randomUUID().slice(0, 8)}`;
const list = (ps: TopicPartition[]) => ps.map((p) => p.partition).join(',');

/**
 * A member that commits only in onRevoke (the pattern the guarantee exists for): it remembers
 * each partition's position after every batch and commits those of the partitions taken away.
 */
function revokeCommitter(log: KafkaLog, groupId: string, topic: string, seen: string[], { batchDelayMs = 0, revokeDelayMs = 0 } = {}) {
  const positions = new Map<number, number>();
  const events: string[] = [];
  const consumer: LogConsumer = log.consumer({
    groupId,
    topics: [topic],
    maxBatchRecords: 5,
    onAssign: (ps) => void events.push(`+${list(ps)}`),
    onRevoke: async (ps) => {
      events.push(`-${list(ps)}`);
      // Flushing state first, as the engine will: slow enough that a commit racing the rejoin
      // would arrive after the other member has read the committed offsets.
      await sleep(revokeDelayMs);
      const done = ps.filter((p) => positions.has(p.partition)).map((p) => ({ topic, partition: p.partition, offset: positions.get(p.partition)! }));
      for (const p of ps) positions.delete(p.partition);
      await consumer.commit(done);
    },
  });
  const start = () =>
    consumer.start(async (batch) => {
      if (batchDelayMs > 0) await sleep(batchDelayMs);
      seen.push(...batch.records.map((r) => r.value!.toString()));
      positions.set(batch.partition, batch.records.at(-1)!.offset + 1);
    });
  return { consumer, events, start };
}

describe.skipIf(!brokers)('KafkaLog consumer groups', () => {
  const open: KafkaLog[] = [];
  const connect = async (extra: Partial<Parameters<typeof KafkaLog.connect>[0]> = {}) => {
    const log = await KafkaLog.connect({ brokers, ...fastGroupTimings, ...extra });
    open.push(log);
    return log;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((log) => log.close()));
  });

  describe('when a second member joins while the first is busy', () => {
    it('runs onRevoke before the rejoin, so commits made there are where consumption resumes', async () => {
      const log = await connect();
      const topic = unique('revoke');
      const groupId = unique('group');
      await log.createTopics([{ name: topic, partitions: 4 }]);
      const total = 600;
      await log.produce(topic, Array.from({ length: total }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`) })));

      const seen: string[] = [];
      const a = revokeCommitter(log, groupId, topic, seen, { batchDelayMs: 25, revokeDelayMs: 1_000 });
      const b = revokeCommitter(log, groupId, topic, seen, { batchDelayMs: 25, revokeDelayMs: 1_000 });
      await a.start();
      await eventually('a has a head start', () => seen.length >= 50);
      await b.start();
      await eventually('all records', () => seen.length >= total, 60_000);
      await sleep(500);

      expect(new Set(seen).size).toBe(total);
      expect(seen).toHaveLength(total); // nothing delivered twice: every revoke's commit landed
      expect(a.events[0]).toBe('+0,1,2,3');
      expect(a.events[1]).toBe('-0,1,2,3');
      const owned = [a, b].flatMap((m) => m.consumer.assignment().map((p) => p.partition)).sort();
      expect(owned).toEqual([0, 1, 2, 3]);
    });
  });

  describe('when a member is idle as a second one joins', () => {
    it('resumes partitions it gets back from the commit its onRevoke made during the rejoin', async () => {
      const log = await connect();
      const topic = unique('idle');
      const groupId = unique('group');
      await log.createTopics([{ name: topic, partitions: 4 }]);
      await log.produce(topic, Array.from({ length: 40 }, (_, i) => ({ key: null, value: Buffer.from(`v${i}`), partition: i % 4 })));
      const seenByA: string[] = [];
      const a = revokeCommitter(log, groupId, topic, seenByA, { revokeDelayMs: 1_000 });
      await a.start();
      await eventually('a has everything', () => seenByA.length === 40);
      await sleep(300);
      const b = revokeCommitter(log, groupId, topic, [], { revokeDelayMs: 1_000 });
      await b.start();
      await eventually('a settled split', () => a.consumer.assignment().length + b.consumer.assignment().length === 4 && a.events.length >= 3);
      await log.produce(topic, [0, 1, 2, 3].map((partition) => ({ key: null, value: Buffer.from(`after${partition}`), partition })));
      const kept = a.consumer.assignment().length;
      await eventually('a gets the new records of its partitions', () => seenByA.length >= 40 + kept);
      await sleep(500);
      // Nothing from before the rebalance came back to a: its own commit was in place in time.
      expect(seenByA).toHaveLength(40 + kept);
      expect(seenByA.slice(40).every((v) => v.startsWith('after'))).toBe(true);
      expect(a.events.slice(0, 2)).toEqual(['+0,1,2,3', '-0,1,2,3']);
    });
  });

  describe('when a handler is slower than the session timeout', () => {
    it('keeps its membership (heartbeats continue during the handler)', async () => {
      const log = await connect();
      const topic = unique('slow');
      await log.createTopics([{ name: topic, partitions: 1 }]);
      await log.produce(topic, [{ key: null, value: Buffer.from('slow') }]);
      const events: string[] = [];
      const values: string[] = [];
      const consumer = log.consumer({
        groupId: unique('group'),
        topics: [topic],
        onAssign: (ps) => void events.push(`+${list(ps)}`),
        onRevoke: (ps) => void events.push(`-${list(ps)}`),
      });
      await consumer.start(async (batch) => {
        if (values.length === 0) await sleep(fastGroupTimings.sessionTimeoutMs + 1_500);
        values.push(...batch.records.map((r) => r.value!.toString()));
      });
      await eventually('the slow record', () => values.length === 1, 20_000);
      await log.produce(topic, [{ key: null, value: Buffer.from('next') }]);
      await eventually('the next record', () => values.length === 2);
      expect(values).toEqual(['slow', 'next']);
      expect(events).toEqual(['+0']);
    }, 30_000);
  });

  describe('when the handler rejects', () => {
    it('stops the consumer, reports the failure, and a new member resumes from the last commit', async () => {
      const failures: ConsumerFailure[] = [];
      const log = await connect({ onConsumerFailure: (f) => failures.push(f) });
      const topic = unique('fail');
      const groupId = unique('group');
      await log.createTopics([{ name: topic, partitions: 1 }]);
      await log.produce(topic, Array.from({ length: 10 }, (_, i) => ({ key: null, value: Buffer.from(String(i)) })));
      const offsets: number[] = [];
      const revoked: string[] = [];
      const consumer = log.consumer({ groupId, topics: [topic], maxBatchRecords: 1, onRevoke: (ps) => void revoked.push(list(ps)) });
      const boom = new Error('cannot handle record 7');
      await consumer.start(async (batch) => {
        const [record] = batch.records;
        if (record!.offset === 7) throw boom;
        offsets.push(record!.offset);
        await consumer.commit([{ topic, partition: 0, offset: record!.offset + 1 }]);
      });
      await eventually('the failure is reported', () => failures.length === 1);
      expect(failures[0]).toMatchObject({ groupId, reason: 'handler', error: boom });
      await eventually('the member has left', () => consumer.assignment().length === 0 && revoked.length === 1);
      await sleep(300);
      expect(offsets).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(await log.committedOffsets(groupId, topic)).toEqual([{ topic, partition: 0, offset: 7 }]);
      await expect(consumer.commit([{ topic, partition: 0, offset: 9 }])).rejects.toMatchObject({ code: 'LOG_CLOSED' });

      const again: number[] = [];
      const next = log.consumer({ groupId, topics: [topic] });
      await next.start(async (batch) => void again.push(...batch.records.map((r) => r.offset)));
      await eventually('the rest', () => again.length === 3);
      expect(again).toEqual([7, 8, 9]);
    });
  });

  describe('when seeks and pauses come before start', () => {
    it('applies them once the partitions are assigned', async () => {
      const log = await connect();
      const topic = unique('early');
      await log.createTopics([{ name: topic, partitions: 2 }]);
      await log.produce(topic, [0, 1, 2, 3, 0, 1, 2, 3].map((i, n) => ({ key: null, value: Buffer.from(`${n}`), partition: n % 2 })));
      const seen: string[] = [];
      const consumer = log.consumer({ groupId: unique('group'), topics: [topic] });
      consumer.seek({ topic, partition: 0, offset: 2 });
      consumer.pause([{ topic, partition: 1 }]);
      await consumer.start(async (batch) => void seen.push(...batch.records.map((r) => `${r.partition}@${r.offset}`)));
      await eventually('partition 0 from offset 2', () => seen.length >= 2);
      await sleep(500);
      expect(seen).toEqual(['0@2', '0@3']);
      consumer.resume();
      await eventually('partition 1 after resume', () => seen.length === 6);
      expect(seen.slice(2)).toEqual(['1@0', '1@1', '1@2', '1@3']);
    });
  });

  describe('when a topic does not exist', () => {
    it('rejects start with LOG_TOPIC_UNKNOWN', async () => {
      const log = await connect();
      const consumer = log.consumer({ groupId: unique('group'), topics: [unique('missing')] });
      await expect(consumer.start(async () => undefined)).rejects.toMatchObject({ code: 'LOG_TOPIC_UNKNOWN' });
    });
  });
});
