import { describe, expect, it } from 'vitest';
import { isEfiError } from '../errors/index.ts';
import { loadConfig } from './loadConfig.ts';

describe('loadConfig', () => {
  describe('when no service variable is set', () => {
    it('picks every embedded part', () => {
      const config = loadConfig({});
      expect(config.kafkaBrokers).toEqual([]);
      expect(config.schemaRegistryUrl).toBeUndefined();
      expect(config.redisUrl).toBeUndefined();
      expect(config.qdrantUrl).toBeUndefined();
      expect(config.port).toBe(8080);
      expect(config.fsync).toBe('always');
      expect(config.topicPrefix).toBe('efi.');
    });
  });

  describe('when service variables are set', () => {
    it('switches each part independently', () => {
      const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093', REDIS_URL: 'redis://127.0.0.1:6379' });
      expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
      expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
      expect(config.schemaRegistryUrl).toBeUndefined();
    });
  });

  describe('when a variable is malformed', () => {
    it.each([
      [{ EFI_PORT: 'eighty' }, 'EFI_PORT'],
      [{ EFI_FSYNC: 'sometimes' }, 'EFI_FSYNC'],
      [{ SCHEMA_REGISTRY_URL: 'not a url' }, 'SCHEMA_REGISTRY_URL'],
      [{ EFI_TOPIC_PREFIX: 'bad prefix/' }, 'EFI_TOPIC_PREFIX'],
    ])('rejects %o naming the variable', (env, name) => {
      let caught: unknown;
      try {
        loadConfig(env);
      } catch (err) {
        caught = err;
      }
      expect(isEfiError(caught, 'CONFIG_INVALID')).toBe(true);
      expect((caught as Error).message).toContain(name);
    });
  });
});
