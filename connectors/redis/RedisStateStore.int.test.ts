import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStateStoreContract } from '../state-store/stateStoreContract.ts';
import { RedisStateStore } from './RedisStateStore.ts';

const url = process.env.REDIS_URL;
const RUN = `efi:test:${process.pid}:${randomUUID().slice(0, 8)}:`;

/** Deletes every key under `prefix` (SCAN + UNLINK, never KEYS on a shared server). */
async function dropPrefix(prefix: string): Promise<void> {
  const admin = new Redis(url!);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await admin.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    admin.disconnect();
  }
}

describe.skipIf(!url)('RedisStateStore', () => {
  afterAll(() => dropPrefix(RUN));

  describeStateStoreContract('RedisStateStore', async () => {
    const keyPrefix = `${RUN}${randomUUID().slice(0, 8)}:`;
    // Every open is a new client: reopening proves the data is in Redis, not in this process.
    return { open: () => RedisStateStore.connect({ url: url!, keyPrefix }), cleanup: () => dropPrefix(keyPrefix) };
  });

  describe('when the values are written', () => {
    it('keeps one hash per namespace under the key prefix', async () => {
      const keyPrefix = `${RUN}layout:`;
      const store = await RedisStateStore.connect({ url: url!, keyPrefix });
      const admin = new Redis(url!);
      try {
        await store.putMany([{ namespace: 'efi.tickets.v1/7', key: 'ticket/T-1', value: 'v' }]);
        expect(await admin.hgetall(`${keyPrefix}efi.tickets.v1/7`)).toEqual({ 'ticket/T-1': 'v' });
        expect(await admin.type(`${keyPrefix}efi.tickets.v1/7`)).toBe('hash');
      } finally {
        admin.disconnect();
        await store.close();
      }
    });
  });

  describe('when its connection is killed by the server', () => {
    it('fails calls only with retriable STATE_UNAVAILABLE and works again after reconnecting', async () => {
      const connectionName = `efi-test-${randomUUID().slice(0, 8)}`;
      const store = await RedisStateStore.connect({ url: url!, keyPrefix: `${RUN}kill:`, connectionName });
      const admin = new Redis(url!);
      try {
        await store.putMany([{ namespace: 'n', key: 'before', value: '1' }]);
        const clients = (await admin.client('LIST')) as string;
        const ids = clients.split('\n').filter((l) => l.includes(` name=${connectionName} `)).map((l) => /id=(\d+)/.exec(l)![1]!);
        expect(ids).toHaveLength(1);
        for (const id of ids) await admin.client('KILL', 'ID', id);
        const outcome = await store.putMany([{ namespace: 'n', key: 'during', value: '2' }]).then(
          () => 'ok',
          (err: unknown) => err,
        );
        if (outcome !== 'ok') expect(outcome).toMatchObject({ code: 'STATE_UNAVAILABLE', retriable: true });
        await expect
          .poll(() => store.putMany([{ namespace: 'n', key: 'after', value: '3' }]).then(() => true, () => false), { timeout: 10_000 })
          .toBe(true);
        expect(await store.getMany('n', ['before', 'after'])).toEqual(['1', '3']);
      } finally {
        admin.disconnect();
        await store.close();
      }
    });
  });

  describe('when no server listens', () => {
    it('rejects connect with retriable STATE_UNAVAILABLE', async () => {
      await expect(RedisStateStore.connect({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 1000 })).rejects.toMatchObject({ code: 'STATE_UNAVAILABLE', retriable: true });
    });
  });

  describe('when options are nonsense', () => {
    it('rejects them with CONFIG_INVALID', async () => {
      await expect(RedisStateStore.connect({ url: 'http://127.0.0.1:6379' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    });
  });
});
