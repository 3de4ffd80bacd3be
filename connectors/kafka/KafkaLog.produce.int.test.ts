import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord, RecordMetadata } from '../../engine/ports/index.ts';
import { KafkaLog } from './KafkaLog.ts';
import { Kafka } from './internal/kafkajs.ts';
import { eventually } from '../event-log-contract/index.ts';
import { fastGroupTimings } from './internal/testing/fastGroupTimings.ts';

const brokers = process.env.KAFKA_BROKERS ?? '';
const unique = (what: string) => `efi-kafka-test.${what}.${randomUUID().slice(0, 8)}`;

describe.skipIf(!brokers)('KafkaLog produce', () => {
  const open: KafkaLog[] = [];
  const connect = async (extra: { idempotent?: boolean } = {}) => {
    const log = await KafkaLog.connect({ brokers, ...fastGroupTimings, ...extra });
    open.push(log);
    return log;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((log) => log.close()));
  });

  async function readAll(log: KafkaLog, topic: string, count: number): Promise<LogRecord[]> {
    const seen: LogRecord[] = [];
    const consumer = log.consumer({ groupId: unique('reader'), topics: [topic] });
    await consumer.start(async (batch) => {
      seen.push(...batch.records);
    });
    await eventually(`${count} records`, () => seen.length >= count);
    await consumer.stop();
    return seen;
  }

  describe.each([true, false])('when keyed records of concurrent calls spread over partitions (idempotent: %s)', (idempotent) => {
    it('acknowledges each record with the partition and offset it is read back at', async () => {
      const log = await connect({ idempotent });
      const topic = unique('acks');
      await log.createTopics([{ name: topic, partitions: 6 }]);
      const calls = Array.from({ length: 10 }, (_, c) =>
        Array.from({ length: 50 }, (_, i) => ({ key: Buffer.from(`key-${(c * 7 + i) % 37}`), value: Buffer.from(`${c}/${i}`) })),
      );
      const acks = (await Promise.all(calls.map((records) => log.produce(topic, records)))).flat();
      const values = calls.flat().map((r) => r.value.toString());

      const read = await readAll(log, topic, 500);
      expect(read).toHaveLength(500);
      const where = new Map(read.map((r) => [r.value!.toString(), `${r.partition}@${r.offset}`]));
      expect(acks.map((a: RecordMetadata) => `${a.partition}@${a.offset}`)).toEqual(values.map((v) => where.get(v)));
      // Every partition holds a gap-free run from 0: no duplicates, nothing lost.
      for (let p = 0; p < 6; p++) {
        const offsets = acks.filter((a) => a.partition === p).map((a) => a.offset).sort((a, b) => a - b);
        expect(offsets).toEqual(offsets.map((_, i) => i));
      }
      expect((await log.listOffsets(topic)).reduce((sum, o) => sum + o.high, 0)).toBe(500);
    });
  });

  describe('when the topic or partition does not exist', () => {
    it('fails fast with LOG_TOPIC_UNKNOWN for an unknown topic, without creating it', async () => {
      const log = await connect();
      const topic = unique('missing');
      const started = Date.now();
      await expect(log.produce(topic, [{ key: null, value: Buffer.from('x') }])).rejects.toMatchObject({ code: 'LOG_TOPIC_UNKNOWN' });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await log.listTopics()).map((t) => t.name)).not.toContain(topic);
    });

    it('rejects a partition beyond the topic with LOG_PARTITION_UNKNOWN and writes nothing', async () => {
      const log = await connect();
      const topic = unique('range');
      await log.createTopics([{ name: topic, partitions: 2 }]);
      await expect(
        log.produce(topic, [{ key: null, value: Buffer.from('ok'), partition: 0 }, { key: null, value: Buffer.from('bad'), partition: 2 }]),
      ).rejects.toMatchObject({ code: 'LOG_PARTITION_UNKNOWN' });
      expect((await log.listOffsets(topic)).map((o) => o.high)).toEqual([0, 0]);
    });
  });

  describe('when a topic is read compacted', () => {
    it('leaves no consumer group behind', async () => {
      const log = await connect();
      const topic = unique('compacted');
      await log.createTopics([{ name: topic, partitions: 3, compacted: true }]);
      await log.produce(topic, ['a', 'b', 'a'].map((k, i) => ({ key: Buffer.from(k), value: Buffer.from(String(i)) })));
      const latest = await log.readCompacted(topic);
      expect([...latest].map(([k, r]) => [k, r.value!.toString()]).sort()).toEqual([['a', '2'], ['b', '1']]);
      const admin = new Kafka({ brokers: [brokers], logLevel: 0 }).admin();
      await admin.connect();
      try {
        const { groups } = await admin.listGroups();
        expect(groups.map((g) => g.groupId).filter((g) => g.includes(topic))).toEqual([]);
      } finally {
        await admin.disconnect();
      }
    });
  });
});
