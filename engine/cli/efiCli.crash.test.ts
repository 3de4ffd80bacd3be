import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleTicketCreated } from '../testing/index.ts';
import { spawnEfi } from './internal/spawnEfi.ts';

const EVENTS = 10_000;

interface Mode {
  name: string;
  env: () => Record<string, string>;
}

// An empty KAFKA_BROKERS keeps the child on the embedded log even when the test runner has it set.
const modes: Mode[] = [{ name: 'embedded log', env: () => ({ KAFKA_BROKERS: '' }) }];
if (process.env.KAFKA_BROKERS) modes.push({ name: 'Kafka', env: () => ({ KAFKA_BROKERS: process.env.KAFKA_BROKERS! }) });

describe.each(modes)('efi produce/consume under kill -9 ($name)', (mode) => {
  let dir: string;
  let file: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'efi-cli-crash-'));
    file = path.join(dir, 'tickets.jsonl');
    const lines = Array.from({ length: EVENTS }, (_, i) => JSON.stringify({ type: 'TicketCreated', ...sampleTicketCreated(i) }));
    await writeFile(file, `${lines.join('\n')}\n`);
    // A fresh prefix isolates this run's topics on a shared broker.
    // info-level logs on stderr end up in a failure's message: group joins are what go wrong.
    env = { ...mode.env(), EFI_DATA_DIR: path.join(dir, 'data'), EFI_TOPIC_PREFIX: `crash-${randomUUID().slice(0, 8)}.`, EFI_LOG_LEVEL: 'info' };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('when the producer is killed in the middle', () => {
    it('keeps every acknowledged event exactly once', async () => {
      const producer = spawnEfi(['produce', '--topic', 'tickets', '--file', file, '--batch', '250', '--progress'], env);
      const ack = await producer.waitForLine((line) => (JSON.parse(line) as { written: number }).written >= 2_000);
      producer.child.kill('SIGKILL');
      await producer.exited;
      const acked = producer.stdoutLines.map((l) => JSON.parse(l) as { acked_through_line: number }).at(-1)!.acked_through_line;
      expect(acked).toBeGreaterThanOrEqual(2_000);
      expect(acked).toBeLessThan(EVENTS);
      expect(JSON.parse(ack)).toHaveProperty('written');

      const ids = await readAllEventIds(env);
      expect(new Set(ids).size).toBe(ids.length);
      const present = new Set(ids);
      const lost = Array.from({ length: acked }, (_, n) => sampleTicketCreated(n).event_id).filter((id) => !present.has(id));
      expect(lost).toEqual([]);
      // Nothing appears that was never sent, and what survived is a prefix of the file.
      const expected = new Set(Array.from({ length: ids.length }, (_, n) => sampleTicketCreated(n).event_id));
      for (const id of ids) expect(expected.has(id)).toBe(true);
    });
  });

  describe('when a group consumer is killed in the middle', () => {
    // On Kafka the dead member holds its partitions until its session times out (10 s for the CLI).
    it('resumes from its committed offsets and misses nothing', { timeout: 150_000 }, async () => {
      const group = `crash-reader-${randomUUID().slice(0, 8)}`;
      const before = await readAllEventIds(env);
      const args = ['consume', '--topic', 'tickets', '--group', group, '--from-beginning'];
      const first = spawnEfi([...args, '--follow'], env);
      await first.waitForLine(() => first.stdoutLines.length >= Math.min(500, before.length), 90_000);
      first.child.kill('SIGKILL');
      await first.exited;
      const second = spawnEfi(args, env);
      expect(await second.exited, second.stderr()).toBe(0);
      const seen = new Set([...first.stdoutLines, ...second.stdoutLines].map((l) => (JSON.parse(l) as { event_id: string }).event_id));
      expect(seen.size).toBe(before.length);

      // The second reader committed as it went: a third member of the group finds nothing left.
      const third = spawnEfi(args, env);
      expect(await third.exited, third.stderr()).toBe(0);
      expect(third.stdoutLines).toEqual([]);
    });
  });
});

async function readAllEventIds(env: Record<string, string>): Promise<string[]> {
  const consumer = spawnEfi(['consume', '--topic', 'tickets', '--from-beginning'], env);
  const code = await consumer.exited;
  expect(code, consumer.stderr()).toBe(0);
  return consumer.stdoutLines.map((l) => (JSON.parse(l) as { event_id: string }).event_id);
}
