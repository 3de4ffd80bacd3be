import { FrameStatus, batchFirstOffset, batchIsConsistent, batchLastOffset, batchLength, batchMaxTimestamp, checkBatch } from './batchFormat.ts';
import type { Segment } from './Segment.ts';

/** Where and why a scan stopped before the end of the file. */
export interface ScanProblem {
  position: number;
  reason: 'truncated batch' | 'bad length or checksum' | 'malformed batch' | 'offset out of order';
}

export interface ScanResult {
  /** Bytes of valid batches from the start of the file. */
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
 * Reads a segment file front to back in large chunks, validating every batch (length, CRC, record
 * layout, rising offsets) and feeding the segment's index. Stops at the first bad batch and says
 * where; the caller decides whether that is a torn tail (truncate) or corruption (fail).
 */
export async function scanSegment(segment: Segment, { chunkBytes, maxFrameBytes, previousOffset }: ScanOptions): Promise<ScanResult> {
  const fileBytes = (await segment.handle.stat()).size;
  let buf = Buffer.allocUnsafe(Math.max(8, Math.min(chunkBytes, fileBytes)));
  let filePos = 0;
  let last = Math.max(previousOffset, segment.baseOffset - 1);
  let problem: ScanProblem | null = null;
  while (filePos < fileBytes && problem === null) {
    const { bytesRead } = await segment.handle.read(buf, 0, Math.min(buf.length, fileBytes - filePos), filePos);
    let p = 0;
    let grew = false;
    while (p < bytesRead) {
      const status = checkBatch(buf, p, bytesRead, maxFrameBytes);
      if (status === FrameStatus.short) {
        const need = bytesRead - p >= 8 ? batchLength(buf, p) : 8;
        if (filePos + p + need > fileBytes) problem = { position: filePos + p, reason: 'truncated batch' };
        // Otherwise the batch straddles the chunk: read again from its start, with room for it.
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
      if (!batchIsConsistent(buf, p)) {
        problem = { position: filePos + p, reason: 'malformed batch' };
        break;
      }
      if (batchFirstOffset(buf, p) <= last) {
        problem = { position: filePos + p, reason: 'offset out of order' };
        break;
      }
      last = batchLastOffset(buf, p);
      segment.observe(batchFirstOffset(buf, p), last, batchMaxTimestamp(buf, p), filePos + p);
      p += batchLength(buf, p);
    }
    // No progress without a bigger buffer means the file ended under us (it shrank mid-scan).
    if (p === 0 && problem === null && !grew) problem = { position: filePos, reason: 'truncated batch' };
    filePos += p;
  }
  segment.size = filePos;
  return { validBytes: filePos, fileBytes, problem };
}
