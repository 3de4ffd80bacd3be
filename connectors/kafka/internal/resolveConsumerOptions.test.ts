import { describe, expect, it } from 'vitest';
import type { ConsumerOptions } from '../../../engine/ports/index.ts';
import { resolveConsumerOptions } from './resolveConsumerOptions.ts';

describe('resolveConsumerOptions', () => {
  describe('when only the group and topics are given', () => {
    it('starts unknown groups at the earliest offset with batches of at most 500', () => {
      expect(resolveConsumerOptions({ groupId: 'g', topics: ['t'] })).toMatchObject({ groupId: 'g', topics: ['t'], reset: 'earliest', maxBatchRecords: 500 });
    });
  });

  describe('when an option is unusable', () => {
    it.each([
      [{ groupId: '', topics: ['t'] }],
      [{ groupId: 'g', topics: [] }],
      [{ groupId: 'g', topics: [''] }],
      [{ groupId: 'g', topics: ['t'], reset: 'middle' }],
      [{ groupId: 'g', topics: ['t'], maxBatchRecords: 0 }],
      [{ groupId: 'g', topics: ['t'], onRevoke: 'commit' }],
    ])('rejects %j with CONFIG_INVALID', (options) => {
      expect(() => resolveConsumerOptions(options as unknown as ConsumerOptions)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    });
  });
});
