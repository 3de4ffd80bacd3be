import { describe, expect, it } from 'vitest';
import { PartitionState } from './PartitionState.ts';

const tp = (partition: number, topic = 't') => ({ topic, partition });
const k = (partition: number, topic = 't') => PartitionState.key(topic, partition);

describe('PartitionState', () => {
  describe('when partitions are paused one by one', () => {
    it('holds back exactly those until they are resumed', () => {
      const s = new PartitionState();
      s.pause([tp(0), tp(2)]);
      expect([0, 1, 2].map((p) => s.isPaused(k(p)))).toEqual([true, false, true]);
      s.resume([tp(0)]);
      expect([0, 1, 2].map((p) => s.isPaused(k(p)))).toEqual([false, false, true]);
    });
  });

  describe('when everything is paused', () => {
    it('also holds back partitions of other topics and later assignments, except those resumed', () => {
      const s = new PartitionState();
      s.pause();
      expect(s.isPaused(k(7, 'other'))).toBe(true);
      s.resume([tp(1)]);
      expect(s.isPaused(k(1))).toBe(false);
      expect(s.isPaused(k(0))).toBe(true);
      s.pause([tp(1)]);
      expect(s.isPaused(k(1))).toBe(true);
      s.resume();
      expect(s.isPaused(k(0)) || s.isPaused(k(1))).toBe(false);
    });
  });

  describe('when an assignment is split', () => {
    it('groups paused and active partitions by topic', () => {
      const s = new PartitionState();
      s.pause([tp(1), tp(0, 'u')]);
      expect(s.split([tp(0), tp(1), tp(2), tp(0, 'u')])).toEqual({
        paused: [{ topic: 't', partitions: [1] }, { topic: 'u', partitions: [0] }],
        active: [{ topic: 't', partitions: [0, 2] }],
      });
    });
  });

  describe('when seeks are queued', () => {
    it('keeps the latest per partition and hands them out once', () => {
      const s = new PartitionState();
      s.queueSeek({ topic: 't', partition: 0, offset: 5 });
      s.queueSeek({ topic: 't', partition: 0, offset: 9 });
      s.queueSeek({ topic: 't', partition: 1, offset: 1 });
      expect(s.takeSeeks()).toEqual([{ topic: 't', partition: 0, offset: 9 }, { topic: 't', partition: 1, offset: 1 }]);
      expect(s.takeSeeks()).toEqual([]);
    });
  });

  describe('key', () => {
    it('cannot collide for topics with dots and digits', () => {
      expect(PartitionState.key('a.1', 2)).not.toBe(PartitionState.key('a', 12));
    });
  });
});
