import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionForKey, StickyPartitioner } from '../../partitioner/index.ts';
import type { ProduceRecord } from '../../../engine/ports/index.ts';
import { Partitioners } from './kafkajs.ts';
import { toKafkaMessages } from './toKafkaMessages.ts';

const prepare = (records: ProduceRecord[], partitions = 4) =>
  toKafkaMessages('t', records, { partitions, pick: new StickyPartitioner().forCall('t', partitions), now: 1_000 });

describe('toKafkaMessages', () => {
  describe('when records are valid', () => {
    it('gives each record its explicit, keyed or sticky partition and a timestamp', () => {
      const key = Buffer.from('LOC-1');
      const out = prepare([
        { key: null, value: Buffer.from('a'), partition: 3, timestamp: 5 },
        { key, value: Buffer.from('b') },
        { key: null, value: null },
        { key: null, value: Buffer.from('c'), headers: { h: 'x' } },
      ]);
      expect(out.partitions[0]).toBe(3);
      expect(out.partitions[1]).toBe(partitionForKey(key, 4));
      expect(out.partitions[2]).toBe(out.partitions[3]);
      expect(out.timestamps).toEqual([5, 1_000, 1_000, 1_000]);
      expect(out.messages[0]).toEqual({ key: null, value: Buffer.from('a'), partition: 3, timestamp: '5', headers: undefined });
      expect(out.messages[3]!.headers).toEqual({ h: 'x' });
    });

    it("places keys exactly where kafkajs's JavaCompatiblePartitioner would (property)", () => {
      const kafkajsPartitioner = Partitioners.JavaCompatiblePartitioner();
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 64 }), (bytes, count) => {
          const key = Buffer.from(bytes);
          const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
            partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1],
          }));
          const theirs = kafkajsPartitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
          expect(prepare([{ key, value: null }], count).partitions[0]).toBe(theirs);
        }),
      );
    });
  });

  describe('when a record is malformed', () => {
    it.each([
      [{ key: 'k', value: null }, 'INPUT_MALFORMED'],
      [{ key: null, value: 'v' }, 'INPUT_MALFORMED'],
      [{ key: null, value: null, timestamp: -1 }, 'INPUT_MALFORMED'],
      [{ key: null, value: null, headers: { h: 1 } }, 'INPUT_MALFORMED'],
      [{ key: null, value: null, partition: 4 }, 'LOG_PARTITION_UNKNOWN'],
      [{ key: null, value: null, partition: 1.5 }, 'LOG_PARTITION_UNKNOWN'],
    ])('rejects %j with %s', (record, code) => {
      expect(() => prepare([record as unknown as ProduceRecord])).toThrow(expect.objectContaining({ code }));
    });
  });
});
