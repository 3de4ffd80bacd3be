import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStateStore } from './FileStateStore.ts';
import { TempStateDirs } from './internal/tempStateDirs.ts';

const dirs = new TempStateDirs();
afterAll(() => dirs.cleanup());

const CHILD = fileURLToPath(new URL('./internal/crashPutter.ts', import.meta.url));
const ROUNDS = 6;

type Ack = [namespace: string, key: string, round: number, seq: number];

/** Runs the child, SIGKILLs it at a random moment after it opened, and returns what it promised. */
async function crashRound(dataDir: string, round: number): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: Ack[] = [];
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
      else if (line.startsWith('ACK ')) acked.push(...(JSON.parse(line.slice(4)) as Ack[]));
    }
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await Promise.race([isOpen, exited]);
  if (child.exitCode !== null) throw new Error(`crash child exited early (${child.exitCode}): ${stderr}`);
  await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 600));
  child.kill('SIGKILL');
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  return acked;
}

/** `round|seq` of a value, comparable as a pair. */
function version(value: string): [number, number] {
  const [round, seq] = value.split('|');
  return [Number(round), Number(seq)];
}

describe('FileStateStore crash safety', () => {
  describe('when a process putting in concurrent loops is killed with SIGKILL again and again', () => {
    it('keeps every acknowledged put (or a newer value of the same key)', async () => {
      const dataDir = await dirs.make();
      // Latest acknowledged (round, seq) per key: a later write of the key may also have landed unacknowledged.
      const latest = new Map<string, [number, number]>();
      let total = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [namespace, key, r, seq] of await crashRound(dataDir, round)) {
          total += 1;
          const id = `${namespace}|${key}`;
          const prev = latest.get(id);
          if (!prev || prev[0] < r || (prev[0] === r && prev[1] < seq)) latest.set(id, [r, seq]);
        }
      }
      // The kills must have landed while work was going on, or the test proves nothing.
      expect(total).toBeGreaterThan(2000);

      const store = await FileStateStore.open({ dataDir });
      try {
        const lost: string[] = [];
        for (const [id, [r, seq]] of latest) {
          const [namespace, key] = id.split('|') as [string, string];
          const [value] = await store.getMany(namespace, [key]);
          if (value === undefined) {
            lost.push(`${id} missing`);
            continue;
          }
          const [vr, vs] = version(value);
          // Within a round seq grows with time; a newer round is newer. The value must not be older than the ack.
          if (vr < r || (vr === r && vs < seq)) lost.push(`${id} has ${vr}|${vs}, acked ${r}|${seq}`);
        }
        expect(lost).toEqual([]);
      } finally {
        await store.close();
      }
    }, 120_000);
  });
});
