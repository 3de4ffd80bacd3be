/**
 * Puts/s of the state stores with `putMany` batches of 500 × ~1 KB values (the runtime's snapshot
 * flush), overwriting 20,000 keys over 12 namespaces, with 1 and with 4 calls in flight; then
 * getMany of 500 keys. The file store runs in a temp directory with fsync `always`; Redis runs
 * when `REDIS_URL` is set (its keys are removed afterwards).
 *
 * Usage: npx tsx load-tests/state/bench-state.ts [totalPuts=200000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { StateEntry, StateStore } from '../../engine/ports/StateStore.ts';
import { RedisStateStore } from '../../connectors/redis/index.ts';
import { FileStateStore } from '../../connectors/state-store/index.ts';

const TOTAL = Number(process.argv[2] ?? 200_000);
const BATCH = 500;
const KEYS = 20_000;
const NAMESPACES = 12;
const payload = 'x'.repeat(1000);

function batch(n: number): StateEntry[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const k = (n * BATCH + i * 7919) % KEYS;
    return { namespace: `efi.tickets.v1/${k % NAMESPACES}`, key: `ticket/T-${k}`, value: `{"n":${n},"pad":"${payload}"}` };
  });
}

async function putRate(store: StateStore, inFlight: number): Promise<number> {
  const calls = Math.ceil(TOTAL / BATCH);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < calls) await store.putMany(batch(next++));
    }),
  );
  return (calls * BATCH) / ((performance.now() - started) / 1000);
}

async function getRate(store: StateStore): Promise<number> {
  const rounds = 200;
  const started = performance.now();
  for (let r = 0; r < rounds; r += 1) {
    const ns = `efi.tickets.v1/${r % NAMESPACES}`;
    const keys = Array.from({ length: BATCH }, (_, i) => `ticket/T-${(r * BATCH + i * 12) % KEYS}`);
    await store.getMany(ns, keys);
  }
  return (rounds * BATCH) / ((performance.now() - started) / 1000);
}

async function bench(name: string, open: () => Promise<StateStore>): Promise<void> {
  const store = await open();
  try {
    const one = await putRate(store, 1);
    const four = await putRate(store, 4);
    const gets = await getRate(store);
    const f = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`${name.padEnd(22)} putMany 1 in flight: ${f(one)} puts/s | 4 in flight: ${f(four)} puts/s | getMany: ${f(gets)} gets/s`);
  } finally {
    await store.close();
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'efi-bench-state-'));
try {
  await bench('file (fsync always)', () => FileStateStore.open({ dataDir }));
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const url = process.env.REDIS_URL;
if (url) {
  const keyPrefix = `efi:bench:${process.pid}:`;
  try {
    await bench('redis', () => RedisStateStore.connect({ url, keyPrefix }));
  } finally {
    const admin = new Redis(url);
    for (let p = 0; p < NAMESPACES; p += 1) await admin.unlink(`${keyPrefix}efi.tickets.v1/${p}`);
    admin.disconnect();
  }
} else {
  console.log('redis                  skipped (REDIS_URL not set)');
}
