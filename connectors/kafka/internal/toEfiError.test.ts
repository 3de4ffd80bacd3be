import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { EfiError } from '../../../engine/errors/index.ts';
import { isRebalanceError, kafkaErrorType, toEfiError } from './toEfiError.ts';

const { KafkaJSProtocolError, KafkaJSNumberOfRetriesExceeded, KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSAggregateError } =
  kafkajs as unknown as Record<string, new (...args: any[]) => Error>;

const protocol = (type: string, retriable = false) => new KafkaJSProtocolError!({ message: type, type, code: 1, retriable });

describe('toEfiError', () => {
  describe('when the broker cannot be reached', () => {
    it('gives LOG_UNAVAILABLE, retriable, for exhausted retries over connection errors', () => {
      const err = new KafkaJSNumberOfRetriesExceeded!(new KafkaJSConnectionError!('Connection error: ECONNREFUSED'), { retryCount: 5, retryTime: 100 });
      const mapped = toEfiError(err, { operation: 'produce', topic: 't' });
      expect(mapped).toBeInstanceOf(EfiError);
      expect(mapped).toMatchObject({ code: 'LOG_UNAVAILABLE', retriable: true, details: { operation: 'produce', topic: 't' } });
      expect(mapped.cause).toBe(err);
      expect(mapped.message).toContain('produce failed (topic t)');
    });

    it('gives LOG_UNAVAILABLE, retriable, for a bare connection error', () => {
      expect(toEfiError(new KafkaJSConnectionError!('closed'), { operation: 'listOffsets' })).toMatchObject({ code: 'LOG_UNAVAILABLE', retriable: true });
    });
  });

  describe('when Kafka answers with an error code', () => {
    it.each([
      ['UNKNOWN_TOPIC_OR_PARTITION', 'LOG_TOPIC_UNKNOWN', false],
      ['MESSAGE_TOO_LARGE', 'LOG_RECORD_TOO_LARGE', false],
      ['REBALANCE_IN_PROGRESS', 'LOG_GROUP_BUSY', true],
      ['ILLEGAL_GENERATION', 'LOG_GROUP_BUSY', true],
    ])('maps %s, even when wrapped, to %s', (type, code, retriable) => {
      const wrapped = new KafkaJSNonRetriableError!(protocol(type), { cause: protocol(type) });
      expect(toEfiError(wrapped, { operation: 'x' })).toMatchObject({ code, retriable, details: { kafkaError: type } });
    });

    it('finds the type inside an aggregate error', () => {
      const err = new KafkaJSAggregateError!('many', [protocol('UNKNOWN_TOPIC_OR_PARTITION')]);
      expect(kafkaErrorType(err)).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    });

    it('keeps an unknown non-retriable protocol error non-retriable', () => {
      expect(toEfiError(protocol('POLICY_VIOLATION'), { operation: 'createTopics' })).toMatchObject({ code: 'LOG_UNAVAILABLE', retriable: false });
    });
  });

  describe('when the error is already ours', () => {
    it('returns it unchanged', () => {
      const ours = new EfiError('LOG_CLOSED', 'closed');
      expect(toEfiError(ours, { operation: 'x' })).toBe(ours);
    });
  });
});

describe('isRebalanceError', () => {
  it('is true for membership errors and false otherwise', () => {
    expect(isRebalanceError(protocol('REBALANCE_IN_PROGRESS'))).toBe(true);
    expect(isRebalanceError(new KafkaJSNonRetriableError!(protocol('UNKNOWN_MEMBER_ID'), { cause: protocol('UNKNOWN_MEMBER_ID') }))).toBe(true);
    expect(isRebalanceError(protocol('UNKNOWN_TOPIC_OR_PARTITION'))).toBe(false);
    expect(isRebalanceError(new Error('boom'))).toBe(false);
  });
});
