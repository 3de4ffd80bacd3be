import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import {
  BATCH_HEADER_BYTES,
  BATCH_SOFT_BYTES,
  nextRecord,
  recordIsTombstone,
  recordKey,
  recordOffset,
  recordTimestamp,
  sealBatch,
} from './batchFormat.ts';
import { fsyncDir } from './durableFiles.ts';
import type { LogSettings } from './LogSettings.ts';
import type { PartitionLog } from './PartitionLog.ts';
import { forEachRecord, type SegmentReadOptions } from './readSegment.ts';
import { scanSegment } from './scanSegment.ts';
import { Segment } from './Segment.ts';

/**
 * One compaction pass over a partition of a changelog topic: every sealed segment is rewritten to
 * keep only the latest record per key (latest across the whole partition, the active segment
 * included) and no tombstones — a tombstone in a sealed segment has been there for a whole segment
 * for readers to see. Offsets are kept as they are (gaps allowed, as in Kafka); a segment left
 * empty is deleted, which moves `low` up when it was the first. Null-key records are kept: they
 * cannot be superseded. Crash safety: the copy goes to `<segment>.cleaned`, is fsynced, then
 * renamed over the original (atomic), then the directory is fsynced; a crash before the rename
 * leaves the original, and the leftover copy is deleted on the next open.
 *
 * Only one pass per partition may run at a time (the caller serializes). Returns records removed.
 */
export async function compactPartition(log: PartitionLog, settings: LogSettings): Promise<number> {
  const sealed = log.sealed;
  if (sealed.length === 0) return 0;
  const read: SegmentReadOptions = { topic: log.topic, partition: log.partition, chunkBytes: settings.chunkBytes, maxFrameBytes: settings.maxFrameBytes };
  const latest = new Map<string, number>();
  for (const segment of log.segments) {
    await forEachRecord(segment, read, (buf, r) => {
      const key = recordKey(buf, r);
      if (key !== null) latest.set(key.toString('latin1'), recordOffset(buf, r));
    });
  }
  const keep = (buf: Buffer, r: number): boolean => {
    const key = recordKey(buf, r);
    return key === null || (latest.get(key.toString('latin1')) === recordOffset(buf, r) && !recordIsTombstone(buf, r));
  };
  let removed = 0;
  for (const segment of sealed) removed += await rewrite(log, segment, read, settings, keep);
  return removed;
}

/** Packs kept records (copied as they are on disk) into new batch frames. */
class BatchBuilder {
  #buf: Buffer;
  #pos = BATCH_HEADER_BYTES;
  #count = 0;
  #first = 0;
  #last = 0;
  #maxTs = -Infinity;

  constructor(readonly capacity: number) {
    this.#buf = Buffer.allocUnsafe(capacity);
  }

  /** Adds the record at `r` of `src`; returns the previous batch if this record started a new one. */
  add(src: Buffer, r: number): Buffer | null {
    const length = nextRecord(src, r) - r;
    const sealed = this.#count > 0 && this.#pos - BATCH_HEADER_BYTES + length > BATCH_SOFT_BYTES ? this.seal() : null;
    src.copy(this.#buf, this.#pos, r, r + length);
    this.#pos += length;
    const offset = recordOffset(src, r);
    if (this.#count === 0) this.#first = offset;
    this.#last = offset;
    this.#maxTs = Math.max(this.#maxTs, recordTimestamp(src, r));
    this.#count += 1;
    return sealed;
  }

  /** The open batch as a finished frame (null if empty); the builder starts afresh. */
  seal(): Buffer | null {
    if (this.#count === 0) return null;
    sealBatch(this.#buf, 0, this.#pos, this.#count, this.#first, this.#last, this.#maxTs);
    const frame = this.#buf.subarray(0, this.#pos);
    this.#buf = Buffer.allocUnsafe(this.capacity);
    this.#pos = BATCH_HEADER_BYTES;
    this.#count = 0;
    this.#maxTs = -Infinity;
    return frame;
  }
}

async function rewrite(
  log: PartitionLog,
  segment: Segment,
  read: SegmentReadOptions,
  settings: LogSettings,
  keep: (buf: Buffer, r: number) => boolean,
): Promise<number> {
  const tmpPath = `${segment.path}.cleaned`;
  const out = await open(tmpPath, 'w');
  const builder = new BatchBuilder(BATCH_HEADER_BYTES + BATCH_SOFT_BYTES + settings.maxRecordBytes);
  const writes: Promise<void>[] = [];
  let written = 0;
  let removed = 0;
  let kept = 0;
  const emit = (frame: Buffer | null) => {
    if (frame === null) return;
    // Claim the file range now: writes started from the synchronous visitor overlap in time.
    writes.push(writeAt(out, frame, written, tmpPath));
    written += frame.length;
  };
  try {
    await forEachRecord(segment, read, (buf, r) => {
      if (!keep(buf, r)) {
        removed += 1;
        return;
      }
      kept += 1;
      emit(builder.add(buf, r));
    });
    emit(builder.seal());
    await Promise.all(writes);
    await out.sync();
  } finally {
    await out.close();
  }
  if (removed === 0) {
    await unlink(tmpPath);
    return 0;
  }
  if (kept === 0) {
    await unlink(tmpPath);
    await log.replaceSealed(segment, null);
    await unlink(segment.path);
    await fsyncDir(log.dir);
    return removed;
  }
  await rename(tmpPath, segment.path);
  await fsyncDir(log.dir);
  const replacement = await Segment.open(log.dir, segment.baseOffset, settings.indexIntervalBytes);
  await scanSegment(replacement, { chunkBytes: settings.chunkBytes, maxFrameBytes: settings.maxFrameBytes, previousOffset: -1 });
  await log.replaceSealed(segment, replacement);
  return removed;
}

async function writeAt(out: FileHandle, frame: Buffer, position: number, path: string): Promise<void> {
  const { bytesWritten } = await out.write(frame, 0, frame.length, position);
  if (bytesWritten !== frame.length) throw new Error(`short write to ${path}`);
}
