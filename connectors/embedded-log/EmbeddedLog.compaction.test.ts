import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedLog } from './EmbeddedLog.ts';
import { TempDataDirs } from './internal/tempDataDir.ts';

const dirs = new TempDataDirs();
afterEach(() => dirs.cleanup());

const SEGMENT = 4096;

/** Writes `rounds` rounds of updates to keys k0..k{keys-1}, deleting k0 in the last round. */
async function churn(log: EmbeddedLog, topic: string, rounds: number, keys: number): Promise<void> {
  for (let r = 0; r < rounds; r += 1) {
    await log.produce(
      topic,
      Array.from({ length: keys }, (_, k) => ({
        key: Buffer.from(`k${k}`),
        value: r === rounds - 1 && k === 0 ? null : Buffer.from(`round-${r}-key-${k}-${'p'.repeat(60)}`),
        partition: 0,
      })),
    );
  }
}

async function readOffsets(log: EmbeddedLog, topic: string): Promise<number[]> {
  const offsets: number[] = [];
  const { high } = (await log.listOffsets(topic))[0]!;
  const consumer = log.consumer({ groupId: `scan-${Math.random()}`, topics: [topic] });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.start(async (batch) => {
    for (const r of batch.records) offsets.push(r.offset);
    if (batch.records.at(-1)!.offset + 1 >= high) done();
  });
  await finished;
  await consumer.stop();
  return offsets;
}

describe('EmbeddedLog compaction', () => {
  describe('when a compacted topic is compacted on demand', () => {
    it('keeps the latest record per key at its original offset and drops old tombstones', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir, segmentBytes: SEGMENT });
      await log.createTopics([{ name: 'c', partitions: 1, compacted: true }]);
      await churn(log, 'c', 30, 5);
      const before = await log.readCompacted('c');
      const highBefore = (await log.listOffsets('c'))[0]!.high;
      // Roll once more so the round with the tombstone sits in a sealed segment.
      await log.produce('c', Array.from({ length: 40 }, (_, i) => ({ key: Buffer.from(`filler-${i}`), value: Buffer.alloc(100, 1), partition: 0 })));
      await log.produce('c', [{ key: Buffer.from('last'), value: Buffer.from('x'), partition: 0 }]);

      // Rolls already started passes of their own; this one waits for them and finishes the job.
      await log.compact('c');
      expect(await log.compact('c')).toBe(0);
      const after = await log.readCompacted('c');
      for (const [key, record] of before) expect(after.get(key)).toEqual(record);
      expect(after.has('k0')).toBe(false);
      const offsets = await readOffsets(log, 'c');
      // 191 records were written; what is left is the latest per key plus the unsealed tail.
      expect(offsets.length).toBeLessThan(100);
      // k1..k4 of the last round survive at their original offsets, and nothing after them moved.
      for (const [, record] of before) expect(offsets).toContain(record.offset);
      expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!)).toBe(true);
      expect(offsets).not.toContain(highBefore - 5); // the k0 tombstone is gone
      const { low, high } = (await log.listOffsets('c'))[0]!;
      expect(low).toBe(offsets[0]);
      expect(low).toBeGreaterThan(0);
      expect(high).toBe(highBefore + 41);
      const [next] = await log.produce('c', [{ key: Buffer.from('k1'), value: Buffer.from('new'), partition: 0 }]);
      expect(next!.offset).toBe(high);
      await log.close();

      const again = await EmbeddedLog.open({ dataDir, segmentBytes: SEGMENT });
      expect((await again.listOffsets('c'))[0]).toEqual({ partition: 0, low, high: high + 1 });
      expect(await readOffsets(again, 'c')).toEqual([...offsets, high]);
      await again.close();
    });
  });

  describe('when a segment of a compacted topic is sealed', () => {
    it('compacts by itself', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir, segmentBytes: SEGMENT });
      await log.createTopics([{ name: 'c', partitions: 1, compacted: true }]);
      await churn(log, 'c', 60, 3);
      const dir = join(dataDir, 'log', 'c', '0');
      await expect.poll(async () => (await log.listOffsets('c'))[0]!.low, { timeout: 5_000 }).toBeGreaterThan(0);
      expect((await readdir(dir)).filter((f) => f.endsWith('.cleaned'))).toEqual([]);
      await log.close();
    });
  });

  describe('when a compaction crashed before its rename', () => {
    it('deletes the leftover copy on open and keeps the original', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir, segmentBytes: SEGMENT });
      await log.createTopics([{ name: 'c', partitions: 1, compacted: true }]);
      await log.produce('c', [{ key: Buffer.from('a'), value: Buffer.from('1') }]);
      await log.close();
      const dir = join(dataDir, 'log', 'c', '0');
      await writeFile(join(dir, '00000000000000000000.log.cleaned'), 'half a copy');
      const again = await EmbeddedLog.open({ dataDir, segmentBytes: SEGMENT });
      expect(await readdir(dir)).not.toContain('00000000000000000000.log.cleaned');
      expect((await again.readCompacted('c')).get('a')!.value).toEqual(Buffer.from('1'));
      await again.close();
    });
  });

  describe('when asked to compact a topic that is not compacted', () => {
    it('refuses', async () => {
      const log = await EmbeddedLog.open({ dataDir: await dirs.make() });
      await log.createTopics([{ name: 'plain', partitions: 1 }]);
      await expect(log.compact('plain')).rejects.toMatchObject({ code: 'INPUT_MALFORMED' });
      await log.close();
    });
  });
});
