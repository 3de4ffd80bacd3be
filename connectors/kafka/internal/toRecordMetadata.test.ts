import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toRecordMetadata } from './toRecordMetadata.ts';

describe('toRecordMetadata', () => {
  describe('when records of several partitions are interleaved', () => {
    it('numbers each partition from its base offset in input order', () => {
      const acks = [
        { partition: 1, baseOffset: '4', logAppendTime: '-1' },
        { partition: 0, baseOffset: '10', logAppendTime: '-1' },
      ];
      expect(toRecordMetadata('t', [0, 1, 0, 0, 1], [1, 2, 3, 4, 5], acks)).toEqual([
        { topic: 't', partition: 0, offset: 10, timestamp: 1 },
        { topic: 't', partition: 1, offset: 4, timestamp: 2 },
        { topic: 't', partition: 0, offset: 11, timestamp: 3 },
        { topic: 't', partition: 0, offset: 12, timestamp: 4 },
        { topic: 't', partition: 1, offset: 5, timestamp: 5 },
      ]);
    });

    it('gives every record a distinct offset, consecutive per partition (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 1e9 }), (parts, base) => {
          const acks = [...new Set(parts)].map((partition) => ({ partition, baseOffset: String(base + partition * 1000) }));
          const meta = toRecordMetadata('t', parts, parts.map(() => 0), acks);
          for (const p of new Set(parts)) {
            const offsets = meta.filter((m) => m.partition === p).map((m) => m.offset);
            expect(offsets).toEqual(offsets.map((_, i) => base + p * 1000 + i));
          }
          expect(meta.map((m) => m.partition)).toEqual(parts);
        }),
      );
    });
  });

  describe('when the topic uses the broker append time', () => {
    it('reports the append time instead of the given timestamp', () => {
      const [m] = toRecordMetadata('t', [0], [123], [{ partition: 0, baseOffset: '0', logAppendTime: '999' }]);
      expect(m!.timestamp).toBe(999);
    });
  });

  describe('when a partition has no acknowledgement', () => {
    it('refuses with LOG_UNAVAILABLE rather than inventing an offset', () => {
      expect(() => toRecordMetadata('t', [0, 2], [0, 0], [{ partition: 0, baseOffset: '0' }])).toThrow(
        expect.objectContaining({ code: 'LOG_UNAVAILABLE' }),
      );
    });
  });
});
