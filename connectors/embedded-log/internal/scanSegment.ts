import {
  FRAME_HEADER_BYTES,
  FrameStatus,
  checkFrame,
  frameLength,
  frameOffset,
  frameTimestamp,
} from './recordFormat.ts';
import type { Segment } from './Segment.ts';

/** Where and why a scan stopped before the end of the file. */
export interface ScanProblem {
  position: number;
  reason: 'truncated frame' | 'bad length or checksum' | 'offset out of order';
}

export interface ScanResult {
  /** Bytes of valid frames from the start of the file. */
  validBytes: number;
  fileBytes: number;
  problem: ScanProblem | null;
}

export interface ScanOptions {
  chunkBytes: number;
  maxFrameBytes: number;
  /** Offset of the record before this segment (-1 if none): offsets must keep rising. */
  previousOffset: number;
}

/**
 * Reads a segment file front to back in large chunks, validating every frame (length, CRC, rising
 * offsets) and feeding the segment's index. Stops at the first bad frame and says where; the
 * caller decides whether that is a torn tail (truncate) or corruption (fail).
 */
export async function scanSegment(segment: Segment, { chunkBytes, maxFrameBytes, previousOffset }: ScanOptions): Promise<ScanResult> {
  const fileBytes = (await segment.handle.stat()).size;
  let buf = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(fileBytes, FRAME_HEADER_BYTES)));
  let filePos = 0;
  let last = Math.max(previousOffset, segment.baseOffset - 1);
  let problem: ScanProblem | null = null;
  while (filePos < fileBytes && problem === null) {
    const { bytesRead } = await segment.handle.read(buf, 0, Math.min(buf.length, fileBytes - filePos), filePos);
    let p = 0;
    let grew = false;
    while (p < bytesRead) {
      const status = checkFrame(buf, p, bytesRead, maxFrameBytes);
      if (status === FrameStatus.short) {
        const need = bytesRead - p >= FRAME_HEADER_BYTES ? frameLength(buf, p) : FRAME_HEADER_BYTES;
        if (filePos + p + need > fileBytes) problem = { position: filePos + p, reason: 'truncated frame' };
        // Otherwise the frame straddles the chunk: read again from its start, with room for it.
        else if (need > buf.length) {
          buf = Buffer.allocUnsafe(need);
          grew = true;
        }
        break;
      }
      if (status === FrameStatus.corrupt) {
        problem = { position: filePos + p, reason: 'bad length or checksum' };
        break;
      }
      const offset = frameOffset(buf, p);
      if (offset <= last) {
        problem = { position: filePos + p, reason: 'offset out of order' };
        break;
      }
      last = offset;
      segment.observe(offset, frameTimestamp(buf, p), filePos + p);
      p += frameLength(buf, p);
    }
    // No progress without a bigger buffer means the file ended under us (it shrank mid-scan).
    if (p === 0 && problem === null && !grew) problem = { position: filePos, reason: 'truncated frame' };
    filePos += p;
  }
  segment.size = filePos;
  return { validBytes: filePos, fileBytes, problem };
}
