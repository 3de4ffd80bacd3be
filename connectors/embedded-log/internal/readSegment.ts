import { EfiError } from '../../../engine/errors/index.ts';
import type { LogRecord } from '../../../engine/ports/EventLog.ts';
import {
  FrameStatus,
  batchLastOffset,
  batchLength,
  batchMaxTimestamp,
  checkBatch,
  decodeRecord,
  firstRecord,
  nextRecord,
  recordOffset,
  recordTimestamp,
} from './batchFormat.ts';
import type { Segment } from './Segment.ts';

export interface SegmentReadOptions {
  topic: string;
  partition: number;
  chunkBytes: number;
  maxFrameBytes: number;
}

/**
 * Walks the checked batches of `segment` from `position` (up to its acknowledged size), reading
 * large chunks and handing each batch to `visit(buf, pos, filePos)`; `visit` returns false to
 * stop. A bad batch here is corruption, never a torn tail: only acknowledged bytes are below
 * `size`. When `visit` may keep views into `buf`, `reusable()` says whether the chunk can be reused.
 */
async function walk(
  segment: Segment,
  position: number,
  { chunkBytes, maxFrameBytes }: SegmentReadOptions,
  visit: (buf: Buffer, pos: number, filePos: number) => boolean,
  reusable: () => boolean,
): Promise<void> {
  const end = segment.size;
  let pos = position;
  let buf: Buffer | null = null;
  segment.acquire();
  try {
    while (pos < end) {
      const want = Math.min(chunkBytes, end - pos);
      if (buf === null || buf.length < want || !reusable()) buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await segment.handle.read(buf, 0, Math.min(buf.length, end - pos), pos);
      let p = 0;
      while (p < bytesRead) {
        const status = checkBatch(buf, p, bytesRead, maxFrameBytes);
        if (status === FrameStatus.short && p === 0 && bytesRead >= 8 && batchLength(buf, 0) <= Math.min(end - pos, maxFrameBytes)) {
          // A batch bigger than a chunk: read it whole on the next turn.
          buf = Buffer.allocUnsafe(batchLength(buf, 0));
          break;
        }
        if (status === FrameStatus.short && p > 0) break;
        if (status !== FrameStatus.ok) throw corrupt(segment, pos + p);
        if (!visit(buf, p, pos + p)) return;
        p += batchLength(buf, p);
      }
      pos += p;
    }
  } finally {
    await segment.release();
  }
}

function corrupt(segment: Segment, position: number): EfiError {
  return new EfiError('LOG_CORRUPT', `corrupt batch in ${segment.path} at byte ${position}`, {
    details: { file: segment.path, position },
  });
}

/**
 * Appends to `out` the records of `segment` with offset ≥ `from`, until `out` holds `maxRecords`.
 * Records are views into freshly allocated chunks (no copy per record).
 */
export async function readSegment(segment: Segment, from: number, out: LogRecord[], maxRecords: number, options: SegmentReadOptions): Promise<void> {
  const { topic, partition } = options;
  let tookFromChunk = false;
  await walk(
    segment,
    segment.positionFor(from),
    options,
    (buf, pos, filePos) => {
      if (batchLastOffset(buf, pos) < from) return true;
      const end = pos + batchLength(buf, pos);
      for (let r = firstRecord(pos); r < end; r = nextRecord(buf, r)) {
        if (recordOffset(buf, r) < from) continue;
        const record = decodeRecord(buf, r, topic, partition);
        if (record === null) throw corrupt(segment, filePos);
        out.push(record);
        tookFromChunk = true;
        if (out.length >= maxRecords) return false;
      }
      return true;
    },
    () => {
      const reuse = !tookFromChunk;
      tookFromChunk = false;
      return reuse;
    },
  );
}

/** The first offset in `segment` whose timestamp is ≥ `timestamp`, or -1. */
export async function firstOffsetAtOrAfter(segment: Segment, timestamp: number, options: SegmentReadOptions): Promise<number> {
  let found = -1;
  await walk(
    segment,
    segment.positionForTime(timestamp),
    options,
    (buf, pos) => {
      if (batchMaxTimestamp(buf, pos) < timestamp) return true;
      const end = pos + batchLength(buf, pos);
      for (let r = firstRecord(pos); r < end; r = nextRecord(buf, r)) {
        if (recordTimestamp(buf, r) >= timestamp) {
          found = recordOffset(buf, r);
          return false;
        }
      }
      return true;
    },
    () => true,
  );
  return found;
}

/**
 * Calls `visit(buf, r)` for every record of the segment (compaction's key scans and rewrites);
 * `r` is the record's position in `buf`, and views into `buf` are valid only during the call.
 */
export async function forEachRecord(segment: Segment, options: SegmentReadOptions, visit: (buf: Buffer, r: number) => void): Promise<void> {
  await walk(
    segment,
    0,
    options,
    (buf, pos) => {
      const end = pos + batchLength(buf, pos);
      for (let r = firstRecord(pos); r < end; r = nextRecord(buf, r)) visit(buf, r);
      return true;
    },
    () => true,
  );
}
