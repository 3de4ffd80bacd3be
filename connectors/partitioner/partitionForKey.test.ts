import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur2 } from './murmur2.ts';
import { partitionForKey } from './partitionForKey.ts';

// kafkajs's own partitioner is the oracle: it is what the Kafka connector produces with.
const require = createRequire(import.meta.url);
const { Partitioners } = require('kafkajs') as typeof import('kafkajs');
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer) => number;

function kafkajsPartition(key: Buffer, partitions: number): number {
  const partitioner = Partitioners.JavaCompatiblePartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
}

describe('murmur2', () => {
  describe('when given the vectors of Kafka UtilsTest.testMurmur2', () => {
    it('returns the Java results', () => {
      const vectors: Array<[string, number]> = [
        ['21', -973932308],
        ['foobar', -790332482],
        ['a-little-bit-long-string', -985981536],
        ['a-little-bit-longer-string', -1486304829],
        ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
        ['abc', 479470107],
      ];
      for (const [input, expected] of vectors) expect(murmur2(Buffer.from(input))).toBe(expected);
    });
  });

  describe('when given arbitrary bytes', () => {
    it("matches kafkajs's Long-based implementation", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          expect(murmur2(bytes)).toBe(kafkajsMurmur2(Buffer.from(bytes)));
        }),
        { numRuns: 2_000 },
      );
    });
  });
});

describe('partitionForKey', () => {
  describe('when given a key and a partition count', () => {
    it("picks kafkajs JavaCompatiblePartitioner's partition", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 500 }), (bytes, partitions) => {
          const key = Buffer.from(bytes);
          expect(partitionForKey(key, partitions)).toBe(kafkajsPartition(key, partitions));
        }),
        { numRuns: 2_000 },
      );
    });

    it('clears the sign bit instead of taking the absolute value', () => {
      // murmur2('21') is negative: toPositive gives 1173551340, Math.abs would give 973932308.
      expect(partitionForKey(Buffer.from('21'), 1_000_000_007)).toBe((-973932308 & 0x7fffffff) % 1_000_000_007);
      expect(partitionForKey(Buffer.from('21'), 1_000_000_007)).not.toBe(973932308 % 1_000_000_007);
    });

    it('always lands inside the partition range', () => {
      fc.assert(
        fc.property(fc.uint8Array(), fc.integer({ min: 1, max: 10_000 }), (bytes, n) => {
          const p = partitionForKey(bytes, n);
          expect(Number.isInteger(p) && p >= 0 && p < n).toBe(true);
        }),
      );
    });
  });

  describe('when the partition count is not a positive integer', () => {
    it('throws a RangeError', () => {
      expect(() => partitionForKey(Buffer.from('k'), 0)).toThrow(RangeError);
      expect(() => partitionForKey(Buffer.from('k'), 1.5)).toThrow(RangeError);
    });
  });
});
