import { FileStateStore } from '../../connectors/state-store/index.ts';
import { engineKinds, openConnectors } from '../../engine/compose/index.ts';
import { loadConfig } from '../../engine/config/index.ts';
import type { IngestedEvent } from '../../engine/ingest/index.ts';
import type { Logger } from '../../engine/logging/index.ts';
import { NoSuggestionsMatcher } from '../../engine/matching/index.ts';
import type { LogRecord } from '../../engine/ports/index.ts';
import { ActorRuntime } from '../../engine/runtime/index.ts';
import { sampleTicketCreated } from '../../engine/testing/index.ts';
import { topicName } from '../../engine/topics/index.ts';
import { forceGc } from './forceGc.ts';

export interface ActorMemoryOptions {
  /** A fresh data directory (embedded log, schema catalogue, state store). */
  dataDir: string;
  /** Distinct tickets created (one TicketCreated each), all left open. */
  tickets: number;
  /** With `tickets + 1200` (the warm-up) or more, every ticket stays live; with less, the rest is passivated. */
  maxLiveActors: number;
  /** Empty title, description and symptom text: the heap of a ticket without its free texts. */
  blankText?: boolean;
  logger: Logger;
}

/** Heap cost of `tickets` open ticket actors, measured after full GCs. */
export interface ActorMemory {
  tickets: number;
  maxLiveActors: number;
  blankText: boolean;
  /** Tickets created before the heap baseline (not in the delta), in the counts below. */
  warmUp: number;
  /** Ticket actors live / passivated at the end (warm-up included). */
  live: number;
  passivated: number;
  heapDeltaBytes: number;
  bytesPerTicket: number;
  heapUsedAfterBytes: number;
  rssAfterBytes: number;
  /** Mean stored record (JSON) of a ticket actor, over a sample. */
  snapshotJsonBytes: number;
  /** Mean JSON bytes of the ticket's free texts in that record (context title + symptom_text). */
  textJsonBytes: number;
  ms: number;
}

const PARTITIONS = 12;
// The ingest consumer's default batch size: the runtime sees batches of this shape in production.
const BATCH = 500;
// Tickets created before the measurement starts: JIT, namespaces and first segment allocations.
const WARM_UP = 1_200;
const SAMPLE = 1_000;

/**
 * Drives `tickets` distinct TicketCreated events through a real ActorRuntime (file state store,
 * embedded log for its outputs, no-suggestions matcher) as ingest would — batches of 500 per
 * partition, events decoded by the codec so their strings are fresh like in production — and
 * measures the heap it keeps afterwards, per ticket.
 */
export async function measureActorMemory({ dataDir, tickets, maxLiveActors, blankText = false, logger }: ActorMemoryOptions): Promise<ActorMemory> {
  const started = process.hrtime.bigint();
  const config = loadConfig({ EFI_DATA_DIR: dataDir, KAFKA_BROKERS: '' });
  const connectors = await openConnectors(config);
  const store = await FileStateStore.open({ dataDir });
  const runtime = new ActorRuntime({ kinds: engineKinds, store, publisher: connectors.publisher, matcher: new NoSuggestionsMatcher(), logger, maxLiveActors });
  const topic = topicName(config.topicPrefix, 'tickets');
  const offsets = new Array<number>(PARTITIONS).fill(0);

  const feed = async (from: number, to: number): Promise<void> => {
    for (let start = from; start < to; start += PARTITIONS * BATCH) {
      for (let p = 0; p < PARTITIONS; p++) {
        const events: IngestedEvent[] = [];
        for (let n = start + p; n < Math.min(start + PARTITIONS * BATCH, to); n += PARTITIONS) {
          const ticket = sampleTicketCreated(n, { locations: PARTITIONS });
          if (blankText) Object.assign(ticket, { title: '', description: '', symptom_text: '' });
          const { type, event } = await connectors.codec.decode(await connectors.codec.encode('TicketCreated', { ...ticket }));
          const record: LogRecord = { topic, partition: p, offset: offsets[p]!++, timestamp: ticket.occurred_at, key: null, value: null, headers: {} };
          events.push({ type, event, record });
        }
        if (events.length > 0) await runtime.handle(events, { topic, partition: p, records: events.map((e) => e.record), highWatermark: offsets[p]! });
      }
    }
  };

  try {
    await feed(tickets, tickets + WARM_UP);
    const before = await forceGc();
    await feed(0, tickets);
    const after = await forceGc();
    const rss = process.memoryUsage().rss;
    const counts = await runtime.counts();
    const sum = (byState: Record<string, number> | undefined): number => Object.values(byState ?? {}).reduce((a, b) => a + b, 0);
    let snapshotBytes = 0;
    let textBytes = 0;
    const step = Math.max(1, Math.floor(tickets / SAMPLE));
    let sampled = 0;
    for (let n = 0; n < tickets; n += step) {
      const [value] = await store.getMany(`${topic}/${n % PARTITIONS}`, [`ticket/T-${n}`]);
      if (value === undefined) throw new Error(`ticket T-${n} has no stored record`);
      const context = (JSON.parse(value) as { snapshot: { context: { title: string; symptom_text: string } } }).snapshot.context;
      snapshotBytes += Buffer.byteLength(value);
      textBytes += Buffer.byteLength(JSON.stringify(context.title)) + Buffer.byteLength(JSON.stringify(context.symptom_text));
      sampled += 1;
    }
    return {
      tickets,
      maxLiveActors,
      blankText,
      warmUp: WARM_UP,
      live: sum(counts.live.ticket),
      passivated: sum(counts.passivated.ticket),
      heapDeltaBytes: after - before,
      bytesPerTicket: Math.round((after - before) / tickets),
      heapUsedAfterBytes: after,
      rssAfterBytes: rss,
      snapshotJsonBytes: Math.round(snapshotBytes / sampled),
      textJsonBytes: Math.round(textBytes / sampled),
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    };
  } finally {
    runtime.stop();
    await store.close();
    await connectors.close();
  }
}
