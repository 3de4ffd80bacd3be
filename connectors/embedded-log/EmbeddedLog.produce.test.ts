import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordMetadata } from '../../engine/ports/EventLog.ts';
import { EmbeddedLog } from './EmbeddedLog.ts';
import { TempDataDirs } from './internal/tempDataDir.ts';

const dirs = new TempDataDirs();
afterEach(() => dirs.cleanup());

async function openWith(topic: string, partitions: number, extra: Partial<Parameters<typeof EmbeddedLog.open>[0]> = {}): Promise<EmbeddedLog> {
  const log = await EmbeddedLog.open({ dataDir: await dirs.make(), ...extra });
  await log.createTopics([{ name: topic, partitions }]);
  return log;
}

describe('EmbeddedLog produce', () => {
  describe('when a record is over the size limit', () => {
    it('rejects the whole call with LOG_RECORD_TOO_LARGE and leaves no offset gap', async () => {
      const log = await openWith('t', 1, { maxRecordBytes: 2048 });
      const call = log.produce('t', [
        { key: null, value: Buffer.alloc(10) },
        { key: null, value: Buffer.alloc(4096) },
      ]);
      await expect(call).rejects.toMatchObject({ code: 'LOG_RECORD_TOO_LARGE', details: { index: 1, maxRecordBytes: 2048 } });
      const [ack] = await log.produce('t', [{ key: null, value: Buffer.alloc(10) }]);
      expect(ack!.offset).toBe(0);
      await log.close();
    });
  });

  describe('when the input is wrong', () => {
    it('names the problem with a code', async () => {
      const log = await openWith('t', 2);
      await expect(log.produce('nope', [{ key: null, value: null }])).rejects.toMatchObject({ code: 'LOG_TOPIC_UNKNOWN' });
      await expect(log.produce('t', [{ key: null, value: null, partition: 2 }])).rejects.toMatchObject({ code: 'LOG_PARTITION_UNKNOWN' });
      await expect(log.produce('t', [{ key: 'text' as unknown as Buffer, value: null }])).rejects.toMatchObject({ code: 'INPUT_MALFORMED' });
      await expect(log.createTopics([{ name: '../escape', partitions: 1 }])).rejects.toMatchObject({ code: 'INPUT_MALFORMED' });
      await expect(log.createTopics([{ name: 'zero', partitions: 0 }])).rejects.toMatchObject({ code: 'INPUT_MALFORMED' });
      expect(await log.listOffsets('t')).toEqual([
        { partition: 0, low: 0, high: 0 },
        { partition: 1, low: 0, high: 0 },
      ]);
      await log.close();
    });

    it('rejects bad options with CONFIG_INVALID', async () => {
      const dataDir = await dirs.make();
      await expect(EmbeddedLog.open({ dataDir, fsync: 'sometimes' as 'always' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      await expect(EmbeddedLog.open({ dataDir, segmentBytes: 10 })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      await expect(EmbeddedLog.open({ dataDir: '' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    });
  });

  describe('when many produce calls to one partition run at once', () => {
    it('gives every call consecutive offsets and writes them in offset order', async () => {
      const log = await openWith('t', 1);
      const calls = Array.from({ length: 50 }, (_, c) =>
        log.produce('t', Array.from({ length: 20 }, (_, i) => ({ key: null, value: Buffer.from(`${c}:${i}`) }))),
      );
      const acks = await Promise.all(calls);
      const all = acks.flat().map((a) => a.offset).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      for (const call of acks) expect(call.map((a) => a.offset - call[0]!.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const byOffset = new Map<number, string>();
      acks.forEach((call, c) => call.forEach((a, i) => byOffset.set(a.offset, `${c}:${i}`)));
      const seen: string[] = [];
      const consumer = log.consumer({ groupId: 'g', topics: ['t'] });
      await consumer.start(async (batch) => {
        for (const r of batch.records) seen.push(`${r.offset}=${r.value!.toString()}`);
      });
      await expect.poll(() => seen.length).toBe(1000);
      expect(seen).toEqual([...byOffset].map(([o, v]) => `${o}=${v}`));
      await log.close();
    });
  });

  describe('when records have no key', () => {
    it('keeps one call on one partition', async () => {
      const log = await openWith('t', 6);
      const acks = await log.produce('t', Array.from({ length: 10 }, () => ({ key: null, value: Buffer.from('v') })));
      expect(new Set(acks.map((a) => a.partition)).size).toBe(1);
      await log.close();
    });
  });

  for (const fsync of ['interval', 'never'] as const) {
    describe(`when fsync is ${fsync}`, () => {
      it('acknowledges, reads back and keeps records across a close', async () => {
        const dataDir = await dirs.make();
        const log = await EmbeddedLog.open({ dataDir, fsync, fsyncIntervalMs: 10 });
        await log.createTopics([{ name: 't', partitions: 2 }]);
        await log.produce('t', Array.from({ length: 30 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`v${i}`) })));
        await new Promise((resolve) => setTimeout(resolve, 30));
        await log.close();
        const again = await EmbeddedLog.open({ dataDir, fsync });
        expect((await again.readCompacted('t')).size).toBe(30);
        await again.close();
      });
    });
  }
});

describe('EmbeddedLog offsetsForTime', () => {
  describe('when timestamps are out of order across many index entries and segments', () => {
    it('matches a scan for the first offset at or after the time', async () => {
      const log = await openWith('t', 1, { segmentBytes: 4096, indexIntervalBytes: 64 });
      let acks: RecordMetadata[] = [];
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: -10, max: 1010 }), async (stamps, query) => {
          acks = acks.concat(await log.produce('t', stamps.map((timestamp) => ({ key: null, value: Buffer.alloc(24), timestamp }))));
          const expected = acks.find((a) => a.timestamp >= query)?.offset ?? acks.length;
          expect(await log.offsetsForTime('t', query)).toEqual([{ topic: 't', partition: 0, offset: expected }]);
        }),
        { numRuns: 60 },
      );
      await log.close();
    });
  });
});
