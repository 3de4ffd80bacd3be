import { closeSync, fdatasyncSync, openSync, readSync, writevSync } from 'node:fs';

/**
 * Appends `batches` to a fresh file, one `writev` and one `fdatasync` per batch: the cost floor
 * of durable sequential appends of these bytes on this disk, with nothing else (no framing,
 * no CRC, no index, no offsets).
 */
export function rawAppend(file: string, batches: readonly Buffer[][], { sync = true } = {}): void {
  const fd = openSync(file, 'w');
  try {
    for (const batch of batches) {
      writevSync(fd, batch);
      if (sync) fdatasyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
}

/** Reads a file sequentially in chunks of `chunkBytes`; returns the bytes read. */
export function rawRead(file: string, chunkBytes = 256 * 1024): number {
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(chunkBytes);
  let total = 0;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunkBytes, total);
      if (n === 0) return total;
      total += n;
    }
  } finally {
    closeSync(fd);
  }
}
