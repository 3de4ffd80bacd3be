import { EfiError } from '../../../engine/errors/index.ts';
import type { LogRecord } from '../../../engine/ports/EventLog.ts';
import { FRAME_HEADER_BYTES, FrameStatus, checkFrame, decodeFrame, frameLength, frameOffset, frameTimestamp } from './recordFormat.ts';
import type { Segment } from './Segment.ts';

export interface SegmentReadOptions {
  topic: string;
  partition: number;
  chunkBytes: number;
  maxFrameBytes: number;
}

/** What a visitor returns: keep going through the segment, or stop here. */
const CONTINUE = true;

/**
 * Walks the checked frames of `segment` from `position` (up to its acknowledged size), reading
 * large chunks and handing each frame to `visit(buf, pos)`; `visit` returns false to stop. A bad
 * frame here is corruption, never a torn tail: only acknowledged bytes are below `size`.
 * `visit` may keep views into `buf`, so a chunk is reused only when the visitor says `reuse`.
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
        const status = checkFrame(buf, p, bytesRead, maxFrameBytes);
        if (status === FrameStatus.short && p === 0 && bytesRead >= FRAME_HEADER_BYTES && frameLength(buf, 0) <= end - pos) {
          // A frame bigger than a chunk: read it whole on the next turn.
          buf = Buffer.allocUnsafe(frameLength(buf, 0));
          break;
        }
        if (status === FrameStatus.short && p > 0) break;
        if (status !== FrameStatus.ok) throw corrupt(segment, pos + p);
        if (visit(buf, p, pos + p) !== CONTINUE) return;
        p += frameLength(buf, p);
      }
      pos += p;
    }
  } finally {
    await segment.release();
  }
}

function corrupt(segment: Segment, position: number): EfiError {
  return new EfiError('LOG_CORRUPT', `corrupt record in ${segment.path} at byte ${position}`, {
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
    (buf, p, filePos) => {
      if (frameOffset(buf, p) < from) return CONTINUE;
      const record = decodeFrame(buf, p, topic, partition);
      if (record === null) throw corrupt(segment, filePos);
      out.push(record);
      tookFromChunk = true;
      return out.length < maxRecords;
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
    (buf, p) => {
      if (frameTimestamp(buf, p) < timestamp) return CONTINUE;
      found = frameOffset(buf, p);
      return false;
    },
    () => true,
  );
  return found;
}

/** Calls `visit` for every frame of the segment (compaction and key scans); views are only valid during the call. */
export async function forEachFrame(
  segment: Segment,
  options: SegmentReadOptions,
  visit: (buf: Buffer, pos: number, filePos: number) => void,
): Promise<void> {
  await walk(
    segment,
    0,
    options,
    (buf, p, filePos) => {
      visit(buf, p, filePos);
      return CONTINUE;
    },
    () => true,
  );
}
