import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnEfi } from '../cli/internal/spawnEfi.ts';
import { openConnectors } from '../compose/index.ts';
import { loadConfig } from '../config/index.ts';
import { groupBacklog } from '../ingest/index.ts';
import type { RecordedInput } from '../testing/index.ts';
import { topicName } from '../topics/index.ts';
import { spawnEngine } from './runEngineProcess.ts';

/** The final outputs two runs are compared on. */
export interface FinalState {
  /** card_id → the latest `CardState` record value in the compacted changelog, as hex bytes. */
  cards: Map<string, string>;
  /** card_id → distinct `ConfidenceUpdated` events (by event_id) in the events topic. */
  confidenceUpdates: Map<string, number>;
  /** All `ConfidenceUpdated` records, duplicates included (re-sent after a crash). */
  confidenceRecords: number;
}

/** Writes the recording as JSON lines and produces it with `efi produce`, cards first. */
export async function loadRecording(env: Record<string, string>, input: RecordedInput, dir: string): Promise<void> {
  for (const topic of ['cards', 'tickets'] as const) {
    const file = path.join(dir, `${topic}.jsonl`);
    await writeFile(file, `${input[topic].join('\n')}\n`);
    const producer = spawnEfi(['produce', '--topic', topic, '--file', file, '--batch', '1000'], env);
    const code = await producer.exited;
    if (code !== 0) throw new Error(`efi produce ${topic} exited ${code}: ${producer.stderr()}`);
  }
}

/** True when the engine's group has committed every input record. */
export async function inputDone(env: Record<string, string>): Promise<boolean> {
  const config = loadConfig(env);
  const connectors = await openConnectors(config, { createTopics: false });
  try {
    const inputs = (['tickets', 'cards'] as const).map((logical) => topicName(config.topicPrefix, logical));
    return (await groupBacklog(connectors.log, config.groupId, inputs)) === 0;
  } finally {
    await connectors.close();
  }
}

/**
 * Runs the engine until its group has committed all input: start, wait for "caught up", stop
 * cleanly (SIGTERM), check, and go again if records arrived meanwhile (outcomes the engine wrote
 * to its own cards topic).
 */
export async function runToCompletion(env: Record<string, string>, { timeoutMs = 180_000 } = {}): Promise<void> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const engine = spawnEngine(env);
    await engine.waitForLog('caught up', timeoutMs);
    engine.child.kill('SIGTERM');
    const code = await engine.exited;
    if (code !== 0) throw new Error(`engine exited ${code} on SIGTERM:\n${engine.logs().slice(-3000)}`);
    if (await inputDone(env)) return;
  }
  throw new Error('the engine did not finish its input in 6 runs');
}

/** Starts the engine and kills it with SIGKILL after a random delay, `kills` times. */
export async function crashRepeatedly(env: Record<string, string>, { kills, random, maxDelayMs = 2_500 }: { kills: number; random: () => number; maxDelayMs?: number }): Promise<number[]> {
  const delays: number[] = [];
  for (let i = 0; i < kills; i++) {
    const engine = spawnEngine(env);
    await engine.waitForLog('engine running; Ctrl-C or SIGTERM stops it cleanly', 120_000);
    const delay = Math.floor(random() * maxDelayMs);
    delays.push(delay);
    await sleep(delay);
    engine.child.kill('SIGKILL');
    await engine.exited;
  }
  return delays;
}

/** Reads the compacted card changelog and counts `ConfidenceUpdated` per card. */
export async function readFinalState(env: Record<string, string>): Promise<FinalState> {
  const config = loadConfig(env);
  const connectors = await openConnectors(config, { createTopics: false });
  try {
    const cards = new Map<string, string>();
    for (const [key, record] of await connectors.log.readCompacted(topicName(config.topicPrefix, 'cards.changelog'))) {
      cards.set(key, record.value!.toString('hex'));
    }
    const ids = new Map<string, Set<string>>();
    let confidenceRecords = 0;
    const events = topicName(config.topicPrefix, 'events');
    const ends = await connectors.log.listOffsets(events);
    const total = ends.reduce((sum, p) => sum + (p.high - p.low), 0);
    let seen = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const consumer = connectors.log.consumer({ groupId: `final-state-${Date.now()}`, topics: [events], reset: 'earliest', maxBatchRecords: 2_000 });
    await consumer.start(async (batch) => {
      for (const record of batch.records) {
        const { type, event } = await connectors.codec.decode(record.value!);
        if (type === 'ConfidenceUpdated') {
          confidenceRecords += 1;
          const card = String(event.card_id);
          (ids.get(card) ?? ids.set(card, new Set()).get(card)!).add(String(event.event_id));
        }
      }
      seen += batch.records.length;
      if (seen >= total) done();
    });
    if (total === 0) done();
    await finished;
    await consumer.stop();
    return { cards, confidenceUpdates: new Map([...ids].map(([card, set]) => [card, set.size])), confidenceRecords };
  } finally {
    await connectors.close();
  }
}
