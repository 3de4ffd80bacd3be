import { describe, expect, it } from 'vitest';
import { partitionForKey } from './partitionForKey.ts';
import { StickyPartitioner } from './StickyPartitioner.ts';

describe('StickyPartitioner', () => {
  describe('when records have no key', () => {
    it('keeps one call on one partition and moves the next call round-robin', () => {
      const partitioner = new StickyPartitioner();
      const picks: number[] = [];
      for (let call = 0; call < 8; call += 1) {
        const pick = partitioner.forCall('t', 4);
        const inCall = new Set([0, 1, 2].map(() => pick({ key: null })));
        expect(inCall.size).toBe(1);
        picks.push([...inCall][0]!);
      }
      for (let i = 1; i < picks.length; i += 1) expect(picks[i]).toBe((picks[i - 1]! + 1) % 4);
    });
  });

  describe('when records have a key or a partition', () => {
    it('uses the explicit partition first, then the key hash', () => {
      const pick = new StickyPartitioner().forCall('t', 12);
      const key = Buffer.from('LOC-7');
      expect(pick({ key, partition: 3 })).toBe(3);
      expect(pick({ key })).toBe(partitionForKey(key, 12));
    });
  });
});
