import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../connectors/state-store/index.ts';
import { engineKinds, openConnectors, type Connectors } from '../compose/index.ts';
import { loadConfig } from '../config/index.ts';
import type { IngestedEvent } from '../ingest/index.ts';
import { createLogger } from '../logging/index.ts';
import { NoSuggestionsMatcher } from '../matching/index.ts';
import type { LogRecord, RecordBatch } from '../ports/index.ts';
import { recordedInput, sampleTicketCreated } from '../testing/index.ts';
import { ActorRuntime } from './ActorRuntime.ts';

const logger = createLogger({ name: 'runtime-test', level: 'silent' });
const HOUR = 3_600_000;

/** A partition batch of decoded events at consecutive offsets, as ingest hands it over. */
function batchOf(topic: string, partition: number, firstOffset: number, events: Record<string, unknown>[]): [IngestedEvent[], RecordBatch] {
  const ingested = events.map((e, i) => {
    const { type, ...event } = e;
    const record: LogRecord = { topic, partition, offset: firstOffset + i, timestamp: Number(event.occurred_at), key: null, value: null, headers: {} };
    return { type: String(type), event, record };
  });
  return [ingested, { topic, partition, records: ingested.map((e) => e.record), highWatermark: firstOffset + events.length }];
}

describe('ActorRuntime', () => {
  let dir: string;
  let connectors: Connectors;
  let store: FileStateStore;
  const runtimes: ActorRuntime[] = [];
  const newRuntime = (maxLiveActors = 10_000): ActorRuntime => {
    const runtime = new ActorRuntime({ kinds: engineKinds, store, publisher: connectors.publisher, matcher: new NoSuggestionsMatcher(), logger, maxLiveActors });
    runtimes.push(runtime);
    return runtime;
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'efi-runtime-'));
    connectors = await openConnectors(loadConfig({ EFI_DATA_DIR: dir }));
    store = await FileStateStore.open({ dataDir: path.join(dir, 'snapshots') });
  });

  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) runtime.stop();
    await store.close();
    await connectors.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('when the same event arrives twice at different offsets', () => {
    it('applies it once', async () => {
      const runtime = newRuntime();
      const created = { type: 'TicketCreated', ...sampleTicketCreated(1) };
      await runtime.handle(...batchOf('t', 0, 0, [created, created]));
      expect(runtime.stats.applied).toBe(1);
      expect(runtime.stats.duplicates).toBe(1);
      expect((await runtime.history('ticket', 'T-1'))?.history.map((h) => h.event)).toEqual(['TicketCreated']);
    });
  });

  describe('when a restarted runtime sees a batch its snapshots already cover', () => {
    it('skips it and keeps the state', async () => {
      const first = newRuntime();
      const events = [{ type: 'TicketCreated', ...sampleTicketCreated(2) }];
      await first.handle(...batchOf('t', 0, 0, events));
      const second = newRuntime();
      await second.handle(...batchOf('t', 0, 0, events));
      expect(second.stats.applied).toBe(0);
      expect(second.stats.duplicates).toBe(1);
      expect((await second.history('ticket', 'T-2'))?.state).toBe('suggested');
    });
  });

  describe('when event time passes a timer scheduled before a restart', () => {
    it('fires it in the new runtime', async () => {
      const ticket = sampleTicketCreated(3, { locations: 1 });
      await newRuntime().handle(...batchOf('t', 0, 0, [{ type: 'TicketCreated', ...ticket }]));
      const restarted = newRuntime();
      // Another ticket of the same partition three days later moves the partition's event time.
      const later = { ...sampleTicketCreated(4, { locations: 1 }), occurred_at: ticket.occurred_at + 72 * HOUR };
      await restarted.handle(...batchOf('t', 0, 1, [{ type: 'TicketCreated', ...later }]));
      expect(restarted.stats.timersFired).toBe(1);
      const history = await restarted.history('ticket', 'T-3');
      expect(history?.history.at(-1)).toMatchObject({ event: 'TIMER', at: ticket.occurred_at + 48 * HOUR });
    });
  });

  describe('when the live-actor cap is small', () => {
    it('passivates actors and ends in the same states as with no cap', async () => {
      const input = recordedInput({ tickets: 120, cards: 24, locations: 3 });
      const events = [...input.cards, ...input.tickets].map((line) => JSON.parse(line) as Record<string, unknown>);
      const capped = newRuntime(5);
      const uncapped = newRuntime();
      for (let i = 0; i < events.length; i += 50) {
        await capped.handle(...batchOf('capped', 0, i, events.slice(i, i + 50)));
        await uncapped.handle(...batchOf('free', 0, i, events.slice(i, i + 50)));
      }
      const cappedCounts = await capped.counts();
      const freeCounts = await uncapped.counts();
      const total = (byState: Record<string, number> = {}): number => Object.values(byState).reduce((a, b) => a + b, 0);
      expect(total(cappedCounts.live.ticket) + total(cappedCounts.live.card)).toBeLessThanOrEqual(5);
      expect(total(cappedCounts.passivated.ticket)).toBeGreaterThan(100);
      const merged = (c: typeof freeCounts): Record<string, Record<string, number>> => {
        const out: Record<string, Record<string, number>> = {};
        for (const bucket of [c.live, c.passivated]) {
          for (const [kind, byState] of Object.entries(bucket)) {
            for (const [state, n] of Object.entries(byState)) (out[kind] ??= {})[state] = ((out[kind] ??= {})[state] ?? 0) + n;
          }
        }
        return out;
      };
      expect(merged(cappedCounts)).toEqual(merged(freeCounts));
      expect(merged(freeCounts).ticket?.closed ?? 0).toBeGreaterThan(50);
      for (const card of input.cardIds.slice(0, 5)) {
        expect((await capped.history('card', card))?.history).toEqual((await uncapped.history('card', card))?.history);
      }
    });
  });
});
