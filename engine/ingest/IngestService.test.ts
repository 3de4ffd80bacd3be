import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConnectors, type Connectors } from '../compose/index.ts';
import { loadConfig } from '../config/index.ts';
import { createLogger } from '../logging/index.ts';
import type { RecordBatch } from '../ports/index.ts';
import { sampleTicketCreated } from '../testing/index.ts';
import { topicName } from '../topics/index.ts';
import { IngestService, type IngestedEvent } from './IngestService.ts';

const modes = [{ name: 'embedded log', env: {} as Record<string, string> }];
if (process.env.KAFKA_BROKERS) modes.push({ name: 'Kafka', env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS } });

describe.each(modes)('IngestService ($name)', ({ env }) => {
  let dir: string;
  let connectors: Connectors;
  let prefix: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'efi-ingest-'));
    prefix = `ingest-${randomUUID().slice(0, 8)}.`;
    connectors = await openConnectors(loadConfig({ ...env, EFI_DATA_DIR: dir, EFI_TOPIC_PREFIX: prefix }));
  });

  afterEach(async () => {
    await connectors.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('when bad records sit between good ones', () => {
    it('dead-letters each with its reason and source, and delivers every good event', async () => {
      const tickets = topicName(prefix, 'tickets');
      const good = await Promise.all([0, 1, 2].map((n) => connectors.publisher.encode('TicketCreated', { ...sampleTicketCreated(n), location_id: 'LOC-A' })));
      const key = Buffer.from('LOC-A');
      const validBody = good[0]!.record.value!;
      const unknownId = Buffer.from(validBody);
      unknownId.writeUInt32BE(987_654, 1);
      const bad = [
        { key, value: Buffer.from('{"not":"avro"}') },
        { key, value: unknownId },
        { key, value: validBody.subarray(0, 12) },
      ];
      await connectors.log.produce(tickets, [good[0]!.record, bad[0]!, good[1]!.record, bad[1]!, bad[2]!, good[2]!.record]);

      const seen: IngestedEvent[] = [];
      let all!: () => void;
      const delivered = new Promise<void>((resolve) => (all = resolve));
      const ingest = new IngestService({
        ...connectors,
        groupId: `ingest-${randomUUID()}`,
        topics: [tickets],
        logger: createLogger({ name: 'test', level: 'silent' }),
        sink: {
          handle: async (events: IngestedEvent[], _batch: RecordBatch) => {
            seen.push(...events);
            if (seen.length >= 3) all();
          },
        },
      });
      await ingest.start();
      await delivered;
      await ingest.stop();

      expect(seen.map((e) => e.event.ticket_id)).toEqual(['T-0', 'T-1', 'T-2']);
      expect(seen.every((e) => e.type === 'TicketCreated')).toBe(true);
      expect(ingest.stats.deadLetters[tickets]).toBe(3);

      const letters: Record<string, unknown>[] = [];
      const dlq = connectors.log.consumer({ groupId: `dlq-${randomUUID()}`, topics: [topicName(prefix, 'dlq')], reset: 'earliest' });
      let gotAll!: () => void;
      const got = new Promise<void>((resolve) => (gotAll = resolve));
      await dlq.start(async (batch) => {
        for (const r of batch.records) letters.push((await connectors.codec.decode(r.value!)).event);
        if (letters.length >= 3) gotAll();
      });
      await got;
      await dlq.stop();
      expect(letters.map((l) => l.error_code)).toEqual(['SCHEMA_BAD_MAGIC', 'SCHEMA_UNKNOWN_ID', 'SCHEMA_DECODE_FAILED']);
      expect(letters.map((l) => l.source_offset)).toEqual([1, 3, 4]);
      for (const letter of letters) {
        expect(letter.source_topic).toBe(tickets);
        expect(typeof letter.reason).toBe('string');
        expect((letter.reason as string).length).toBeGreaterThan(5);
      }
      expect(Buffer.compare(letters[0]!.raw as Buffer, bad[0]!.value)).toBe(0);

      // Everything was committed: a new member of the group has nothing left to read.
      const committed = await connectors.log.committedOffsets(ingest.groupId, tickets);
      const partition = good[0]!.record;
      expect(committed.some((c) => c.offset === 6)).toBe(true);
      expect(partition.key?.toString()).toBe('LOC-A');
    });
  });

  describe('when the sink cannot apply a batch', () => {
    it('reports it as fatal and commits nothing', async () => {
      const tickets = topicName(prefix, 'tickets');
      const { record } = await connectors.publisher.encode('TicketCreated', { ...sampleTicketCreated(9) });
      await connectors.log.produce(tickets, [record]);
      let fatal: unknown;
      let reported!: () => void;
      const failed = new Promise<void>((resolve) => (reported = resolve));
      const ingest = new IngestService({
        ...connectors,
        groupId: `ingest-${randomUUID()}`,
        topics: [tickets],
        logger: createLogger({ name: 'test', level: 'silent' }),
        sink: { handle: async () => Promise.reject(new Error('actor store is gone')) },
        onFatal: (err) => {
          fatal = err;
          reported();
        },
      });
      await ingest.start();
      await failed;
      await ingest.stop();
      expect((fatal as Error).message).toBe('actor store is gone');
      expect((await connectors.log.committedOffsets(ingest.groupId, tickets)).every((c) => c.offset === -1)).toBe(true);
    });
  });

  describe('when more records arrive than may be in flight', () => {
    it('pauses the consumer and still delivers everything', async () => {
      const tickets = topicName(prefix, 'tickets');
      const records = await Promise.all(Array.from({ length: 600 }, (_, n) => connectors.publisher.encode('TicketCreated', { ...sampleTicketCreated(n) })));
      await connectors.log.produce(tickets, records.map((r) => r.record));
      let inFlight = 0;
      let peak = 0;
      let seen = 0;
      let all!: () => void;
      const delivered = new Promise<void>((resolve) => (all = resolve));
      const ingest = new IngestService({
        ...connectors,
        groupId: `ingest-${randomUUID()}`,
        topics: [tickets],
        logger: createLogger({ name: 'test', level: 'silent' }),
        maxBatchRecords: 20,
        maxInFlightRecords: 40,
        sink: {
          handle: async (events: IngestedEvent[]) => {
            inFlight += events.length;
            peak = Math.max(peak, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 5));
            inFlight -= events.length;
            seen += events.length;
            if (seen >= 600) all();
          },
        },
      });
      await ingest.start();
      await delivered;
      await ingest.stop();
      expect(seen).toBe(600);
      expect(peak).toBeLessThanOrEqual(40);
      // kafkajs hands over one partition batch at a time by itself; the embedded log fetches
      // every partition at once, which is where the bound has to hold the batches back.
      if (!env.KAFKA_BROKERS) expect(ingest.stats.pauses).toBeGreaterThan(0);
    });
  });
});
