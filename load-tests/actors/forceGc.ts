import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// `npm run bench:actors` runs plain `tsx`, without `--expose-gc`: expose it at run time instead
// (the flag applies to contexts created afterwards, so a fresh context hands back `gc`).
setFlagsFromString('--expose-gc');
const gc = (globalThis.gc ?? runInNewContext('gc')) as () => void;

/** Runs full garbage collections until the heap stops shrinking; returns `heapUsed` in bytes. */
export async function forceGc(): Promise<number> {
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 10; i++) {
    // Let pending callbacks (fsync completions, timers) drop their references first.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 1024) return used;
    last = used;
  }
  return last;
}
