import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { toHeaders, toLogRecords } from './toLogRecords.ts';

const message = (offset: number, extra: Partial<KafkaMessage> = {}): KafkaMessage =>
  ({ offset: String(offset), timestamp: String(1_700_000_000_000 + offset), key: null, value: Buffer.from(`v${offset}`), attributes: 0, headers: {}, ...extra }) as KafkaMessage;

describe('toLogRecords', () => {
  describe('when given a slice of a kafkajs batch', () => {
    it('maps exactly that slice with numeric offsets and timestamps', () => {
      const messages = [0, 1, 2, 3].map((o) => message(o));
      const records = toLogRecords('t', 5, messages, 1, 3);
      expect(records).toEqual([
        { topic: 't', partition: 5, offset: 1, timestamp: 1_700_000_000_001, key: null, value: Buffer.from('v1'), headers: {} },
        { topic: 't', partition: 5, offset: 2, timestamp: 1_700_000_000_002, key: null, value: Buffer.from('v2'), headers: {} },
      ]);
    });

    it('keeps keys and null values (tombstones) as they are', () => {
      const key = Buffer.from([0, 0xff]);
      const [r] = toLogRecords('t', 0, [message(7, { key, value: null })], 0, 1);
      expect(r).toMatchObject({ key, value: null, offset: 7 });
    });

    it('maps offsets beyond 32 bits without loss', () => {
      const [r] = toLogRecords('t', 0, [message(2 ** 40 + 3)], 0, 1);
      expect(r!.offset).toBe(2 ** 40 + 3);
    });
  });
});

describe('toHeaders', () => {
  it('turns strings into Buffers, keeps Buffers, and keeps the last of a repeated header', () => {
    expect(toHeaders({ a: 'x', b: Buffer.from([1]), c: [Buffer.from('first'), Buffer.from('last')], d: undefined })).toEqual({
      a: Buffer.from('x'),
      b: Buffer.from([1]),
      c: Buffer.from('last'),
    });
  });

  it('gives an empty object for no headers', () => {
    expect(toHeaders(undefined)).toEqual({});
  });
});
