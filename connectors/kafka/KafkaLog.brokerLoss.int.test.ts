import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord, TopicPartition } from '../../engine/ports/index.ts';
import { KafkaLog } from './KafkaLog.ts';
import type { ConsumerFailure } from './KafkaLogOptions.ts';
import { NetworkSwitch } from './internal/testing/NetworkSwitch.ts';
import { eventually, sleep } from '../event-log-contract/index.ts';
import { fastGroupTimings } from './internal/testing/fastGroupTimings.ts';

const brokers = process.env.KAFKA_BROKERS ?? '';
const unique = (what: string) => `efi-kafka-test.${what}.${randomUUID().slice(0, 8)}`;
const list = (ps: TopicPartition[]) => ps.map((p) => p.partition).join(',');

/**
 * Broker loss without touching the shared broker: every connection of the log goes through a
 * switch that can drop all sockets and refuse new ones, which is what kafkajs sees when the
 * broker dies (and, after `heal`, when it comes back).
 */
describe.skipIf(!brokers)('KafkaLog broker loss', () => {
  const open: KafkaLog[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((log) => log.close()));
  });

  describe('when the broker becomes unreachable and comes back', () => {
    it('fails calls with retriable LOG_UNAVAILABLE, then produces and consumes again by itself', async () => {
      const network = new NetworkSwitch();
      const failures: ConsumerFailure[] = [];
      const log = await KafkaLog.connect({ brokers, ...fastGroupTimings, socketFactory: network.socketFactory, onConsumerFailure: (f) => failures.push(f) });
      open.push(log);
      const topic = unique('loss');
      await log.createTopics([{ name: topic, partitions: 2 }]);
      const records: LogRecord[] = [];
      const events: string[] = [];
      const consumer = log.consumer({
        groupId: unique('group'),
        topics: [topic],
        onAssign: (ps) => void events.push(`+${list(ps)}`),
        onRevoke: (ps) => void events.push(`-${list(ps)}`),
      });
      await consumer.start(async (batch) => {
        await consumer.commit([{ topic, partition: batch.partition, offset: batch.records.at(-1)!.offset + 1 }]);
        // Counted once committed: the network is cut as soon as both records are counted, and a
        // commit still in flight then would fail the handler and stop the consumer for good.
        records.push(...batch.records);
      });
      await log.produce(topic, [0, 1].map((partition) => ({ key: null, value: Buffer.from('before'), partition })));
      await eventually('records before the loss', () => records.length === 2);

      network.cut();
      await expect(log.produce(topic, [{ key: null, value: Buffer.from('lost'), partition: 0 }])).rejects.toMatchObject({
        code: 'LOG_UNAVAILABLE',
        retriable: true,
      });
      await expect(log.listOffsets(topic)).rejects.toMatchObject({ code: 'LOG_UNAVAILABLE', retriable: true });
      // kafkajs notices on its next fetch or heartbeat, crashes, and keeps restarting.
      await eventually('the consumer gave its partitions up', () => events.includes('-0,1'));
      await sleep(1_000);

      network.heal();
      let acked = false;
      await eventually('a produce succeeds again', async () => {
        acked = await log.produce(topic, [0, 1].map((partition) => ({ key: null, value: Buffer.from('after'), partition }))).then(
          () => true,
          () => false,
        );
        return acked;
      }, 30_000);
      await eventually('the consumer rejoined and reads again', () => records.filter((r) => r.value!.toString() === 'after').length === 2, 30_000);
      expect(events.at(-1)).toBe('+0,1');
      // The admin connection recovers too.
      expect((await log.listOffsets(topic)).map((o) => o.high).sort()).toEqual([2, 2]);
      expect(failures).toEqual([]);
      expect(records.map((r) => r.value!.toString()).filter((v) => v === 'before')).toHaveLength(2);
    }, 90_000);
  });

  describe('when no broker answers at start', () => {
    it('rejects connect and consumer start with retriable LOG_UNAVAILABLE', async () => {
      const network = new NetworkSwitch();
      network.cut();
      await expect(KafkaLog.connect({ brokers, ...fastGroupTimings, socketFactory: network.socketFactory })).rejects.toMatchObject({
        code: 'LOG_UNAVAILABLE',
        retriable: true,
      });
      const log = new KafkaLog({ brokers, ...fastGroupTimings, socketFactory: network.socketFactory });
      open.push(log);
      const consumer = log.consumer({ groupId: unique('group'), topics: [unique('any')] });
      await expect(consumer.start(async () => undefined)).rejects.toMatchObject({ code: 'LOG_UNAVAILABLE', retriable: true });
    });
  });
});
