import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStateStore } from './FileStateStore.ts';
import { TempStateDirs } from './internal/tempStateDirs.ts';

const dirs = new TempStateDirs();
afterAll(() => dirs.cleanup());

async function stateBytes(dataDir: string): Promise<number> {
  const dir = join(dataDir, 'state');
  let total = 0;
  for (const f of await readdir(dir)) if (f.endsWith('.log')) total += (await stat(join(dir, f))).size;
  return total;
}

describe('FileStateStore compaction', () => {
  describe('when keys are overwritten and deleted many times', () => {
    it('keeps the files near the live size, the latest values, and no deleted key, across reopen', async () => {
      const dataDir = await dirs.make();
      const options = { dataDir, compactMinBytes: 256 * 1024 };
      let store = await FileStateStore.open(options);
      const expected = new Map<string, string>();
      for (let round = 0; round < 60; round += 1) {
        const entries = Array.from({ length: 100 }, (_, i) => ({ namespace: `n/${i % 3}`, key: `k${i}`, value: `${round}:${i}:${'z'.repeat(500)}` }));
        await store.putMany(entries);
        for (const e of entries) expected.set(`${e.namespace}|${e.key}`, e.value);
        const gone = [`k${round % 100}`, `k${(round * 7) % 100}`];
        for (const key of gone) {
          await store.deleteMany(`n/${Number(key.slice(1)) % 3}`, [key]);
          expected.delete(`n/${Number(key.slice(1)) % 3}|${key}`);
        }
        if (round === 30) {
          await store.close();
          store = await FileStateStore.open(options);
        }
      }
      // 60 rounds × ~60 KB written; live data is ~60 KB.
      await expect.poll(() => stateBytes(dataDir)).toBeLessThan(700 * 1024);
      await store.close();
      store = await FileStateStore.open(options);
      const actual = new Map<string, string>();
      for (let p = 0; p < 3; p += 1) for await (const [key, value] of store.scan(`n/${p}`)) actual.set(`n/${p}|${key}`, value);
      expect(actual).toEqual(expected);
      const files = (await readdir(join(dataDir, 'state'))).filter((f) => f.endsWith('.log'));
      expect(files.some((f) => f.startsWith('base-'))).toBe(true);
      await store.close();
    });
  });
});
