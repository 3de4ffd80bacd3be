import { appendFile, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStateStore } from './FileStateStore.ts';
import { TempStateDirs } from './internal/tempStateDirs.ts';

const dirs = new TempStateDirs();
afterAll(() => dirs.cleanup());

async function logFiles(dataDir: string): Promise<string[]> {
  return (await readdir(join(dataDir, 'state'))).filter((f) => f.endsWith('.log')).sort();
}

async function seeded(): Promise<string> {
  const dataDir = await dirs.make();
  const store = await FileStateStore.open({ dataDir });
  await store.putMany([{ namespace: 'n/0', key: 'a', value: 'A' }]);
  await store.putMany([{ namespace: 'n/0', key: 'b', value: 'B' }]);
  await store.close();
  return dataDir;
}

describe('FileStateStore recovery', () => {
  describe('when the newest file ends in a torn frame', () => {
    it('truncates the tail, keeps every complete call and appends after it', async () => {
      const dataDir = await seeded();
      const [file] = await logFiles(dataDir);
      const path = join(dataDir, 'state', file!);
      const size = (await stat(path)).size;
      // A third call cut off after part of its frame reached the disk.
      const store = await FileStateStore.open({ dataDir });
      await store.putMany([{ namespace: 'n/0', key: 'c', value: 'C'.repeat(100) }]);
      await store.close();
      await truncate(path, size + 30);

      const reopened = await FileStateStore.open({ dataDir });
      expect(await reopened.getMany('n/0', ['a', 'b', 'c'])).toEqual(['A', 'B', undefined]);
      expect((await stat(path)).size).toBe(size);
      await reopened.putMany([{ namespace: 'n/0', key: 'd', value: 'D' }]);
      await reopened.close();
      const again = await FileStateStore.open({ dataDir });
      expect(await again.getMany('n/0', ['a', 'b', 'd'])).toEqual(['A', 'B', 'D']);
      await again.close();
    });
  });

  describe('when the newest file ends in bytes with a bad CRC', () => {
    it('drops them as an unacknowledged tail', async () => {
      const dataDir = await seeded();
      const [file] = await logFiles(dataDir);
      const path = join(dataDir, 'state', file!);
      const bytes = await readFile(path);
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 1]! ^= 0xff;
      await writeFile(path, flipped);
      const store = await FileStateStore.open({ dataDir });
      expect(await store.getMany('n/0', ['a', 'b'])).toEqual(['A', undefined]);
      await store.close();
    });
  });

  describe('when an older file is corrupt', () => {
    it('refuses to open with STATE_CORRUPT naming the file', async () => {
      const dataDir = await seeded();
      const [file] = await logFiles(dataDir);
      await appendFile(join(dataDir, 'state', file!), Buffer.from('garbage that is not a frame'));
      await writeFile(join(dataDir, 'state', 'seg-999999999999.log'), Buffer.alloc(0));
      await expect(FileStateStore.open({ dataDir })).rejects.toMatchObject({ code: 'STATE_CORRUPT', details: { file: expect.stringContaining(file!) } });
    });
  });

  describe('when another store holds the directory', () => {
    it('refuses a second open with LOG_LOCKED and allows it after close', async () => {
      const dataDir = await dirs.make();
      const store = await FileStateStore.open({ dataDir });
      await expect(FileStateStore.open({ dataDir })).rejects.toMatchObject({ code: 'LOG_LOCKED' });
      await store.close();
      const next = await FileStateStore.open({ dataDir });
      await next.close();
    });
  });

  describe('when options are nonsense', () => {
    it('rejects them with CONFIG_INVALID', async () => {
      await expect(FileStateStore.open({ dataDir: '' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      await expect(FileStateStore.open({ dataDir: '/tmp/x', fsync: 'sometimes' as never })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      await expect(FileStateStore.open({ dataDir: '/tmp/x', compactGarbageRatio: 1 })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    });
  });

  describe('when a call is malformed', () => {
    it('rejects it with INPUT_MALFORMED and writes nothing of it', async () => {
      const dataDir = await dirs.make();
      const store = await FileStateStore.open({ dataDir, maxCallBytes: 4096 });
      await expect(store.putMany([{ namespace: 'n', key: 'a', value: 'x'.repeat(5000) }])).rejects.toMatchObject({ code: 'INPUT_MALFORMED' });
      await expect(store.putMany([{ namespace: 'n', key: 'a', value: 'ok' }, { namespace: '', key: 'b', value: 'x' }])).rejects.toMatchObject({ code: 'INPUT_MALFORMED' });
      await expect(store.putMany([{ namespace: 'n', key: 'a', value: 42 as never }])).rejects.toMatchObject({ code: 'INPUT_MALFORMED' });
      expect(await store.count('n')).toBe(0);
      await store.close();
    });
  });
});
