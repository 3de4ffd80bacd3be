/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Throughput of one timed run. */
export interface Throughput {
  recordsPerSec: number;
  mbPerSec: number;
}

/** Records/s and MB/s (10^6 bytes) of `records` records totalling `bytes` moved in `ms`. */
export function throughput(records: number, bytes: number, ms: number): Throughput {
  return { recordsPerSec: Math.round((records * 1000) / ms), mbPerSec: Number(((bytes / 1e6) * (1000 / ms)).toFixed(2)) };
}

/** Times an async function in milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
