import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../engine/ports/EventLog.ts';
import { EmbeddedLog } from './EmbeddedLog.ts';
import type { FsyncPolicy } from './EmbeddedLogOptions.ts';
import { TempDataDirs } from './internal/tempDataDir.ts';

const dirs = new TempDataDirs();
afterAll(() => dirs.cleanup());

const CHILD = fileURLToPath(new URL('./internal/crashProducer.ts', import.meta.url));
const ROUNDS = 5;

interface RoundResult {
  acked: Array<[string, number, number]>;
  commits: Array<[number, number]>;
}

/** Runs the child, SIGKILLs it at a random moment after it opened, and returns what it promised. */
async function crashRound(dataDir: string, round: number, fsync: FsyncPolicy): Promise<RoundResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(round), fsync], { stdio: ['ignore', 'pipe', 'pipe'] });
  const result: RoundResult = { acked: [], commits: [] };
  let buffered = '';
  let stderr = '';
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    // A line cut by the kill was never fully promised: only complete lines count.
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === 'OPEN') opened();
      else if (line.startsWith('ACK ')) result.acked.push(...(JSON.parse(line.slice(4)) as RoundResult['acked']));
      else if (line.startsWith('COMMIT ')) result.commits.push(JSON.parse(line.slice(7)) as [number, number]);
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await Promise.race([isOpen, exited]);
  if (child.exitCode !== null) throw new Error(`crash child exited early (${child.exitCode}): ${stderr}`);
  await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
  child.kill('SIGKILL');
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  return result;
}

async function readEverything(log: EmbeddedLog, topic: string): Promise<LogRecord[]> {
  const all: LogRecord[] = [];
  const total = (await log.listOffsets(topic)).reduce((n, p) => n + p.high - p.low, 0);
  const consumer = log.consumer({ groupId: `verify-${Date.now()}`, topics: [topic], maxBatchRecords: 5_000 });
  await consumer.start(async (batch) => {
    all.push(...batch.records);
  });
  await expect.poll(() => all.length, { timeout: 20_000 }).toBe(total);
  await consumer.stop();
  return all;
}

describe('EmbeddedLog crash safety', () => {
  // `interval` acks before fsync: they must still survive a process kill (the page cache does).
  describe.each(['always', 'interval'] as const)('when a producing, committing process (fsync %s) is killed with SIGKILL again and again', (fsync) => {
    it('keeps every acknowledged record exactly once and every acknowledged commit', async () => {
      const dataDir = await dirs.make();
      const acked: RoundResult['acked'] = [];
      const lastCommit = new Map<number, number>();
      for (let round = 0; round < ROUNDS; round += 1) {
        const result = await crashRound(dataDir, round, fsync);
        acked.push(...result.acked);
        for (const [partition, offset] of result.commits) lastCommit.set(partition, Math.max(lastCommit.get(partition) ?? 0, offset));
      }
      // The kills must have landed while work was going on, or the test proves nothing.
      expect(acked.length).toBeGreaterThan(500);

      const log = await EmbeddedLog.open({ dataDir, segmentBytes: 64 * 1024 });
      try {
        const records = await readEverything(log, 'crash');
        const byId = new Map<string, LogRecord[]>();
        for (const r of records) {
          const id = r.headers.id!.toString();
          expect(r.value!.toString().startsWith(`${id}|`)).toBe(true);
          byId.set(id, [...(byId.get(id) ?? []), r]);
        }
        // No record was written twice, acknowledged or not.
        expect([...byId.values()].filter((rs) => rs.length > 1)).toEqual([]);
        const missing = acked.filter(([id, partition, offset]) => {
          const r = byId.get(id)?.[0];
          return !r || r.partition !== partition || r.offset !== offset;
        });
        expect(missing).toEqual([]);
        // Offsets are dense: recovery never left a hole or a duplicate offset.
        for (const { partition, low, high } of await log.listOffsets('crash')) {
          const offsets = records.filter((r) => r.partition === partition).map((r) => r.offset);
          expect(offsets).toEqual(Array.from({ length: high - low }, (_, i) => low + i));
        }
        const committed = await log.committedOffsets('crash-group', 'crash');
        for (const { partition, offset } of committed) expect(offset).toBeGreaterThanOrEqual(lastCommit.get(partition) ?? -1);
      } finally {
        await log.close();
      }
    }, 120_000);
  });
});
