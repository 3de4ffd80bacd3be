import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedInput } from '../testing/index.ts';
import { crashRepeatedly, inputDone, loadRecording, readFinalState, runToCompletion } from './crashScenario.ts';
import { spawnEngine } from './runEngineProcess.ts';
import { setTimeout as sleep } from 'node:timers/promises';

// Kafka mode also keeps snapshots in Redis when REDIS_URL is set: the cluster configuration.
const modes = [{ name: 'embedded log, file snapshots', env: { KAFKA_BROKERS: '', REDIS_URL: '', SCHEMA_REGISTRY_URL: '' } }];
if (process.env.KAFKA_BROKERS) {
  modes.push({ name: `Kafka${process.env.REDIS_URL ? ', Redis snapshots' : ''}${process.env.SCHEMA_REGISTRY_URL ? ', registry' : ''}`, env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS, REDIS_URL: process.env.REDIS_URL ?? '', SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL ?? '' } });
}

describe.each(modes)('engine under kill -9 ($name)', ({ env: modeEnv }) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'efi-engine-crash-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const envFor = (name: string): Record<string, string> => {
    const run = `${name}-${randomUUID().slice(0, 8)}`;
    return { ...modeEnv, EFI_DATA_DIR: path.join(dir, run), EFI_TOPIC_PREFIX: `${run}.`, EFI_GROUP_ID: `engine-${run}`, EFI_KAFKA_SESSION_TIMEOUT_MS: '6000' };
  };

  describe('when a recorded input is processed once cleanly and once with 10 kills', () => {
    it('ends with byte-identical card states and the same ConfidenceUpdated count per card', { timeout: 900_000 }, async () => {
      const input = recordedInput({ tickets: 5_200 });
      expect(input.cards.length + input.tickets.length).toBeGreaterThanOrEqual(20_000);

      const clean = envFor('clean');
      await loadRecording(clean, input, dir);
      await runToCompletion(clean);
      const expected = await readFinalState(clean);

      const crashed = envFor('crash');
      await loadRecording(crashed, input, dir);
      let seed = 42;
      const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      await crashRepeatedly(crashed, { kills: 10, random });
      await runToCompletion(crashed);
      const actual = await readFinalState(crashed);

      // Every approved card was used; new failures drafted cards of their own.
      expect(expected.cards.size).toBeGreaterThan(input.cardIds.length);
      expect(actual.cards.size).toBe(expected.cards.size);
      const differing = [...expected.cards].filter(([card, bytes]) => actual.cards.get(card) !== bytes).map(([card]) => card);
      expect(differing).toEqual([]);
      expect(Object.fromEntries(actual.confidenceUpdates)).toEqual(Object.fromEntries(expected.confidenceUpdates));
      expect([...expected.confidenceUpdates.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(1_000);
    });
  });

  // Scale-out hands actors over through the shared state store, so it needs Redis (and Kafka).
  describe.skipIf(!modeEnv.KAFKA_BROKERS || !modeEnv.REDIS_URL)('when two engines share a group and one is killed mid-run', () => {
    it('ends with the same card states as one clean engine', { timeout: 900_000 }, async () => {
      const input = recordedInput({ tickets: 2_000, seed: 11 });
      const clean = envFor('solo');
      await loadRecording(clean, input, dir);
      await runToCompletion(clean);
      const expected = await readFinalState(clean);

      const shared = envFor('pair');
      await loadRecording(shared, input, dir);
      // Each process has its own data dir (the file lock); they share Kafka and Redis.
      const a = spawnEngine({ ...shared, EFI_DATA_DIR: `${shared.EFI_DATA_DIR}-a` });
      const b = spawnEngine({ ...shared, EFI_DATA_DIR: `${shared.EFI_DATA_DIR}-b` });
      await Promise.all([a.waitForLog('engine running; Ctrl-C or SIGTERM stops it cleanly', 120_000), b.waitForLog('engine running; Ctrl-C or SIGTERM stops it cleanly', 120_000)]);
      await sleep(1_500);
      a.child.kill('SIGKILL');
      await a.exited;
      const deadline = Date.now() + 300_000;
      while (!(await inputDone(shared))) {
        if (Date.now() > deadline) throw new Error(`the surviving engine did not finish:\n${b.logs().slice(-3000)}`);
        await sleep(1_000);
      }
      b.child.kill('SIGTERM');
      expect(await b.exited, b.logs().slice(-3000)).toBe(0);
      await runToCompletion({ ...shared, EFI_DATA_DIR: `${shared.EFI_DATA_DIR}-b` });
      const actual = await readFinalState(shared);

      const differing = [...expected.cards].filter(([card, bytes]) => actual.cards.get(card) !== bytes).map(([card]) => card);
      expect(actual.cards.size).toBe(expected.cards.size);
      expect(differing).toEqual([]);
      expect(Object.fromEntries(actual.confidenceUpdates)).toEqual(Object.fromEntries(expected.confidenceUpdates));
    });
  });
});
