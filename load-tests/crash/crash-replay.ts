/**
 * `npm run crash:replay`: the engine's "nothing lost, nothing double-counted" check, for a person.
 * Records ≥ 20,000 events (cards, then tickets across 12 locations with outcomes), processes them
 * once cleanly and once with the engine `kill -9`ed at random moments, and compares the final
 * card states (compacted changelog, byte for byte) and the ConfidenceUpdated count per card.
 *
 * Uses the environment like `npm start`: embedded by default; KAFKA_BROKERS, REDIS_URL and
 * SCHEMA_REGISTRY_URL switch to the real services. Options: CRASH_KILLS (10), CRASH_TICKETS (5200).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crashRepeatedly, loadRecording, readFinalState, runToCompletion } from '../../engine/crash/crashScenario.ts';
import { recordedInput } from '../../engine/testing/index.ts';

const kills = Number(process.env.CRASH_KILLS ?? 10);
const tickets = Number(process.env.CRASH_TICKETS ?? 5_200);
const dir = await mkdtemp(path.join(tmpdir(), 'efi-crash-replay-'));
const env = (name: string): Record<string, string> => {
  const run = `${name}-${randomUUID().slice(0, 8)}`;
  return { EFI_DATA_DIR: path.join(dir, run), EFI_TOPIC_PREFIX: `${run}.`, EFI_GROUP_ID: `engine-${run}`, EFI_KAFKA_SESSION_TIMEOUT_MS: '6000' };
};
const say = (msg: string): void => void process.stderr.write(`[crash-replay] ${msg}\n`);

try {
  const input = recordedInput({ tickets });
  say(`recorded ${input.cards.length + input.tickets.length} events (${input.cards.length} card, ${input.tickets.length} ticket)`);
  const clean = env('clean');
  await loadRecording(clean, input, dir);
  await runToCompletion(clean);
  const expected = await readFinalState(clean);
  say(`clean run: ${expected.cards.size} cards`);

  const crashed = env('crash');
  await loadRecording(crashed, input, dir);
  const delays = await crashRepeatedly(crashed, { kills, random: Math.random });
  say(`killed the engine ${kills} times, after ${delays.join(', ')} ms of running`);
  await runToCompletion(crashed);
  const actual = await readFinalState(crashed);

  const differing = [...expected.cards].filter(([card, bytes]) => actual.cards.get(card) !== bytes).map(([card]) => card);
  const countsDiffer = [...expected.confidenceUpdates].filter(([card, n]) => actual.confidenceUpdates.get(card) !== n).map(([card]) => card);
  const result = {
    events: input.cards.length + input.tickets.length,
    kills,
    cards: expected.cards.size,
    identicalCardStates: differing.length === 0 && actual.cards.size === expected.cards.size,
    differingCards: differing,
    sameConfidenceUpdatedCounts: countsDiffer.length === 0,
    confidenceUpdated: { clean: expected.confidenceRecords, crashed: actual.confidenceRecords, crashedDistinct: [...actual.confidenceUpdates.values()].reduce((a, b) => a + b, 0) },
  };
  console.log(JSON.stringify(result));
  if (!result.identicalCardStates || !result.sameConfidenceUpdatedCounts) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
