import { describe, expect, it } from 'vitest';
import { normaliseBrokers } from './normaliseBrokers.ts';

describe('normaliseBrokers', () => {
  describe('when given a comma list', () => {
    it('splits, trims and drops empty entries', () => {
      expect(normaliseBrokers(' 10.0.0.1:9092 ,10.0.0.2:9093,, ')).toEqual(['10.0.0.1:9092', '10.0.0.2:9093']);
    });

    it('rewrites localhost to 127.0.0.1 in any case', () => {
      expect(normaliseBrokers('localhost:9092,LocalHost:9093')).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    });
  });

  describe('when entries are incomplete or decorated', () => {
    it('adds the default port and drops a listener scheme', () => {
      expect(normaliseBrokers(['kafka-1', 'PLAINTEXT://kafka-2:19092'])).toEqual(['kafka-1:9092', 'kafka-2:19092']);
    });

    it('keeps bracketed IPv6 literals and removes duplicates', () => {
      expect(normaliseBrokers(['[::1]:9092', '127.0.0.1:9092', 'localhost'])).toEqual(['[::1]:9092', '127.0.0.1:9092']);
    });
  });

  describe('when the list is unusable', () => {
    it.each([[''], [' , '], [[] as string[]]])('rejects %j with CONFIG_INVALID', (input) => {
      expect(() => normaliseBrokers(input)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    });

    it.each([['host:port'], ['host:0'], ['host:70000'], ['a b:1']])('rejects the address %s', (input) => {
      expect(() => normaliseBrokers(input)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    });
  });
});
