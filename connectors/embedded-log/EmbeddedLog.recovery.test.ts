import { appendFile, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedLog } from './EmbeddedLog.ts';
import { TempDataDirs } from './internal/tempDataDir.ts';
import { Segment } from './internal/Segment.ts';

const dirs = new TempDataDirs();
afterEach(() => dirs.cleanup());

const value = (i: number) => Buffer.from(`value-${i}-${'x'.repeat(40)}`);

async function segmentFiles(dataDir: string, topic: string, partition = 0): Promise<string[]> {
  const dir = join(dataDir, 'log', topic, String(partition));
  return (await readdir(dir)).filter((f) => Segment.parseFileName(f) !== null).sort().map((f) => join(dir, f));
}

async function readAll(log: EmbeddedLog, topic: string): Promise<string[]> {
  const seen: string[] = [];
  const consumer = log.consumer({ groupId: `read-${Math.random()}`, topics: [topic] });
  const { high } = (await log.listOffsets(topic))[0]!;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (high === 0) done();
  await consumer.start(async (batch) => {
    for (const r of batch.records) seen.push(`${r.offset}:${r.value?.toString()}`);
    if (batch.records.at(-1)!.offset + 1 >= high) done();
  });
  await finished;
  await consumer.stop();
  return seen;
}

describe('EmbeddedLog recovery', () => {
  describe('when a log is closed and opened again', () => {
    it('keeps every record, offset and timestamp, across several segments', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir, segmentBytes: 4096 });
      await log.createTopics([{ name: 't', partitions: 1 }]);
      const acks = [];
      for (let i = 0; i < 20; i += 1) acks.push(...(await log.produce('t', Array.from({ length: 10 }, (_, j) => ({ key: null, value: value(i * 10 + j), timestamp: 1_000 + i * 10 + j })))));
      await log.close();
      expect((await segmentFiles(dataDir, 't')).length).toBeGreaterThan(3);

      const again = await EmbeddedLog.open({ dataDir, segmentBytes: 4096 });
      expect(await again.listOffsets('t')).toEqual([{ partition: 0, low: 0, high: 200 }]);
      expect(await readAll(again, 't')).toEqual(acks.map((a, i) => `${a.offset}:${value(i).toString()}`));
      expect(await again.offsetsForTime('t', 1_150)).toEqual([{ topic: 't', partition: 0, offset: 150 }]);
      const [next] = await again.produce('t', [{ key: null, value: value(200) }]);
      expect(next!.offset).toBe(200);
      await again.close();
    });
  });

  describe('when the active segment ends in a torn record', () => {
    for (const [what, damage] of [
      ['a partial frame', async (file: string) => truncate(file, (await stat(file)).size - 7)],
      ['a length with nothing after it', async (file: string) => appendFile(file, Buffer.from([0, 0, 0, 60]))],
      ['random garbage', async (file: string) => appendFile(file, Buffer.from('\u00ff\u00fe garbage that is not a frame'))],
    ] as const) {
      it(`cuts off ${what} and keeps every complete record`, async () => {
        const dataDir = await dirs.make();
        const log = await EmbeddedLog.open({ dataDir });
        await log.createTopics([{ name: 't', partitions: 1 }]);
        // One call per record: a batch (one call's records) is the unit a torn tail cuts.
        for (let i = 0; i < 5; i += 1) await log.produce('t', [{ key: null, value: value(i) }]);
        await log.close();
        const [file] = await segmentFiles(dataDir, 't');
        await damage(file!);

        const again = await EmbeddedLog.open({ dataDir });
        const kept = what === 'a partial frame' ? 4 : 5;
        expect(await again.listOffsets('t')).toEqual([{ partition: 0, low: 0, high: kept }]);
        expect(await readAll(again, 't')).toHaveLength(kept);
        const [ack] = await again.produce('t', [{ key: null, value: value(99) }]);
        expect(ack!.offset).toBe(kept);
        expect((await readAll(again, 't')).at(-1)).toBe(`${kept}:${value(99).toString()}`);
        await again.close();
      });
    }

    it('cuts a torn produce call as a whole, never leaving part of its records', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir });
      await log.createTopics([{ name: 't', partitions: 1 }]);
      await log.produce('t', Array.from({ length: 5 }, (_, i) => ({ key: null, value: value(i) })));
      await log.produce('t', Array.from({ length: 3 }, (_, i) => ({ key: null, value: value(5 + i) })));
      await log.close();
      const [file] = await segmentFiles(dataDir, 't');
      await truncate(file!, (await stat(file!)).size - 7);

      const again = await EmbeddedLog.open({ dataDir });
      expect(await again.listOffsets('t')).toEqual([{ partition: 0, low: 0, high: 5 }]);
      expect(await readAll(again, 't')).toEqual([0, 1, 2, 3, 4].map((i) => `${i}:${value(i).toString()}`));
      await again.close();
    });

    it('cuts off a last batch whose checksum does not match', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir });
      await log.createTopics([{ name: 't', partitions: 1 }]);
      for (let i = 0; i < 3; i += 1) await log.produce('t', [{ key: null, value: value(i) }]);
      await log.close();
      const [file] = await segmentFiles(dataDir, 't');
      const bytes = await readFile(file!);
      bytes[bytes.length - 3]! ^= 0xff;
      await writeFile(file!, bytes);

      const again = await EmbeddedLog.open({ dataDir });
      expect(await again.listOffsets('t')).toEqual([{ partition: 0, low: 0, high: 2 }]);
      await again.close();
    });
  });

  describe('when a sealed segment is damaged in the middle', () => {
    it('refuses to open with LOG_CORRUPT naming the file and position', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir, segmentBytes: 4096 });
      await log.createTopics([{ name: 't', partitions: 1 }]);
      for (let i = 0; i < 10; i += 1) await log.produce('t', Array.from({ length: 20 }, (_, j) => ({ key: null, value: value(i * 20 + j) })));
      await log.close();
      const [first] = await segmentFiles(dataDir, 't');
      const bytes = await readFile(first!);
      // Inside the second batch of the first segment (a batch of 20 records is about 1.6 KB).
      const position = 2_000;
      bytes[position]! ^= 0x55;
      await writeFile(first!, bytes);

      const opening = EmbeddedLog.open({ dataDir, segmentBytes: 4096 });
      await expect(opening).rejects.toMatchObject({ code: 'LOG_CORRUPT', details: { file: first } });
      const err = (await opening.catch((e: unknown) => e)) as { details: { position: number } };
      // The batch holding the damaged byte: after the first one, starting at or before the byte.
      expect(err.details.position).toBeLessThanOrEqual(position);
      expect(err.details.position).toBeGreaterThan(1_000);
      // The lock is released even though the open failed.
      await expect(readdir(dataDir)).resolves.not.toContain('LOCK');
    });
  });

  describe('when a segment is damaged after the log opened', () => {
    it('fails the read with LOG_CORRUPT instead of skipping records', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir });
      await log.createTopics([{ name: 't', partitions: 1 }]);
      await log.produce('t', Array.from({ length: 10 }, (_, i) => ({ key: null, value: value(i) })));
      const [file] = await segmentFiles(dataDir, 't');
      const bytes = await readFile(file!);
      bytes[100]! ^= 0x55;
      await writeFile(file!, bytes);
      await expect(log.readCompacted('t')).rejects.toMatchObject({ code: 'LOG_CORRUPT', details: { file } });
      await log.close();
    });
  });

  describe('when a commit in a group offsets file is torn', () => {
    it('keeps the last complete commit', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir });
      await log.createTopics([{ name: 't', partitions: 2 }]);
      const c = log.consumer({ groupId: 'g', topics: ['t'] });
      await c.start(async () => undefined);
      await c.commit([{ topic: 't', partition: 0, offset: 5 }]);
      await c.commit([{ topic: 't', partition: 1, offset: 7 }]);
      await log.close();
      const groupsDir = join(dataDir, 'groups');
      const [file] = await readdir(groupsDir);
      await appendFile(join(groupsDir, file!), Buffer.from([0, 0, 1, 0, 1, 2]));

      const again = await EmbeddedLog.open({ dataDir });
      expect(await again.committedOffsets('g', 't')).toEqual([
        { topic: 't', partition: 0, offset: 5 },
        { topic: 't', partition: 1, offset: 7 },
      ]);
      await again.close();
    });
  });
});
