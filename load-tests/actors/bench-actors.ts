/**
 * `npm run bench:actors`: the actor runtime's throughput and memory.
 *  - Throughput: the recorded input of `engine/testing/recordedInput.ts` (cards, then tickets
 *    across 12 locations) produced into a fresh embedded log per round, then consumed twice from
 *    the same log: the baseline (ingest: consume + Avro decode, a sink that does nothing) and the
 *    subject (ingest + ActorRuntime with the file state store, default fsync, as `startEngine`
 *    wires it). The runtime also handles the CardUsed / CardDrafted records it writes back to the
 *    cards topic; both counts are reported.
 *  - Memory: heap per open ticket actor, live and passivated, after full GCs.
 * Prints one JSON line per measurement and a final JSON summary line (`"summary": true`).
 *
 * Options (env): BENCH_ROUNDS (5), BENCH_TICKETS (5500 tickets: 21,765 input events),
 * BENCH_MEMORY_TICKETS (20000,100000), BENCH_PASSIVATED_LIVE (1000), BENCH_PART (all | throughput | memory).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStateStore } from '../../connectors/state-store/index.ts';
import { engineKinds, openConnectors } from '../../engine/compose/index.ts';
import { loadConfig } from '../../engine/config/index.ts';
import type { IngestSink } from '../../engine/ingest/index.ts';
import { createLogger } from '../../engine/logging/index.ts';
import { NoSuggestionsMatcher } from '../../engine/matching/index.ts';
import { ActorRuntime } from '../../engine/runtime/index.ts';
import { recordedInput } from '../../engine/testing/index.ts';
import { topicName } from '../../engine/topics/index.ts';
import { EventCatalogue } from '../../schemas/index.ts';
import { median } from '../internal/stats.ts';
import { CountingPublisher } from './CountingPublisher.ts';
import { measureActorMemory, type ActorMemory } from './measureActorMemory.ts';
import { measureIngest, type IngestRun } from './measureIngest.ts';
import { produceRecording } from './produceRecording.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 5_500);
const MEMORY_TICKETS = (process.env.BENCH_MEMORY_TICKETS ?? '20000,100000').split(',').map(Number).filter((n) => n > 0);
const PASSIVATED_LIVE = Number(process.env.BENCH_PASSIVATED_LIVE ?? 1_000);
const PART = process.env.BENCH_PART ?? 'all';

const logger = createLogger({ name: 'bench-actors', level: process.env.EFI_LOG_LEVEL ?? 'warn' });
const doNothing: IngestSink = { handle: async () => undefined };
const work = await mkdtemp(path.join(tmpdir(), 'efi-bench-actors-'));
const runs = new Map<string, (IngestRun & { eventsPerSec: number; inputEventsPerSec: number })[]>();
const memory: ActorMemory[] = [];
let inputRecords = 0;

function record(name: string, round: number, run: IngestRun): void {
  const inputs = run.handled - run.fedBack;
  const entry = { ...run, ms: Math.round(run.ms), eventsPerSec: Math.round((run.handled * 1000) / run.ms), inputEventsPerSec: Math.round((inputs * 1000) / run.ms) };
  (runs.get(name) ?? runs.set(name, []).get(name)!).push(entry);
  console.log(JSON.stringify({ measurement: name, round, inputs, ...entry }));
}

try {
  if (PART !== 'memory') {
    const input = recordedInput({ tickets: TICKETS });
    for (let round = 0; round < ROUNDS; round++) {
      const config = loadConfig({ EFI_DATA_DIR: path.join(work, `round-${round}`), KAFKA_BROKERS: '' });
      const connectors = await openConnectors(config);
      try {
        const produced = await produceRecording(connectors, input);
        inputRecords = produced.cards + produced.tickets;
        const topics = (['tickets', 'telemetry', 'cards'] as const).map((t) => topicName(config.topicPrefix, t));
        const common = { connectors, topics, logger, inputRecords, feedbackTopic: topicName(config.topicPrefix, 'cards') };
        const publisherOf = (): CountingPublisher => new CountingPublisher({ log: connectors.log, codec: connectors.codec, routes: EventCatalogue, topicPrefix: config.topicPrefix });

        // The baseline goes first in every round: the runtime adds records to the cards topic.
        record('baseline-consume-decode', round, await measureIngest({ ...common, publisher: publisherOf(), groupId: 'bench-baseline', sink: doNothing }));

        const store = await FileStateStore.open({ dataDir: config.dataDir });
        const publisher = publisherOf();
        const runtime = new ActorRuntime({ kinds: engineKinds, store, publisher, matcher: new NoSuggestionsMatcher(), logger });
        try {
          const run = await measureIngest({ ...common, publisher, groupId: 'bench-runtime', sink: runtime });
          record('runtime-file-snapshots', round, run);
          if (runtime.stats.failedActors > 0) throw new Error(`${runtime.stats.failedActors} actors failed`);
          console.log(JSON.stringify({ measurement: 'runtime-stats', round, ...runtime.stats }));
        } finally {
          runtime.stop();
          await store.close();
        }
      } finally {
        await connectors.close();
        await rm(config.dataDir, { recursive: true, force: true });
      }
    }
  }

  if (PART !== 'throughput') {
    const plans = [
      ...MEMORY_TICKETS.map((tickets) => ({ tickets, maxLiveActors: tickets + 10_000, blankText: false })),
      { tickets: MEMORY_TICKETS[0]!, maxLiveActors: MEMORY_TICKETS[0]! + 10_000, blankText: true },
      { tickets: MEMORY_TICKETS.at(-1)!, maxLiveActors: PASSIVATED_LIVE, blankText: false },
    ];
    for (const [i, plan] of plans.entries()) {
      const dataDir = path.join(work, `memory-${i}`);
      const result = await measureActorMemory({ dataDir, logger, ...plan });
      memory.push(result);
      console.log(JSON.stringify({ measurement: result.passivated > result.live ? 'memory-passivated' : 'memory-live', ...result }));
      await rm(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const med = (name: string, key: 'eventsPerSec' | 'inputEventsPerSec' | 'ms'): number | undefined => {
  const list = runs.get(name);
  return list ? median(list.map((r) => r[key])) : undefined;
};
const baseline = med('baseline-consume-decode', 'eventsPerSec');
const runtime = med('runtime-file-snapshots', 'eventsPerSec');
const runtimeInputs = med('runtime-file-snapshots', 'inputEventsPerSec');
const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a !== undefined && b !== undefined ? Number((a / b).toFixed(3)) : undefined);
const live = memory.filter((m) => m.passivated < m.live && !m.blankText);
const blank = memory.find((m) => m.blankText);
const passivated = memory.find((m) => m.passivated > m.live);
console.log(
  JSON.stringify({
    summary: true,
    rounds: ROUNDS,
    tickets: TICKETS,
    inputRecords,
    fedBack: runs.get('runtime-file-snapshots')?.[0]?.fedBack,
    medians: {
      baselineEventsPerSec: baseline,
      runtimeEventsPerSec: runtime,
      runtimeInputEventsPerSec: runtimeInputs,
      baselineMs: med('baseline-consume-decode', 'ms'),
      runtimeMs: med('runtime-file-snapshots', 'ms'),
    },
    ratios: { runtimeVsBaseline: ratio(runtime, baseline), runtimeInputsVsBaseline: ratio(runtimeInputs, baseline) },
    memory: {
      liveBytesPerTicket: Object.fromEntries(live.map((m) => [m.tickets, m.bytesPerTicket])),
      liveBytesPerTicketBlankText: blank?.bytesPerTicket,
      passivatedBytesPerTicket: passivated?.bytesPerTicket,
      liveActorNetOfPassivatedBookkeeping: live[0] && passivated ? live[0].bytesPerTicket - passivated.bytesPerTicket : undefined,
      snapshotJsonBytes: live[0]?.snapshotJsonBytes,
      textJsonBytes: live[0]?.textJsonBytes,
      heapUsedAfterLargestLiveBytes: live.at(-1)?.heapUsedAfterBytes,
      rssAfterLargestLiveBytes: live.at(-1)?.rssAfterBytes,
      largestLiveTickets: live.at(-1)?.tickets,
    },
    goals: { runtimeVsBaseline: 0.4, runtimeEventsPerSec: 20_000, liveBytesPerTicketExcludingText: 4096, heapFor100kOpenTicketsBytes: 1e9 },
  }),
);
