import type { FileHandle } from 'node:fs/promises';
import { checkFrame, FRAME_HEADER_BYTES, frameLength, FrameStatus } from './stateFrame.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

export interface ScanResult {
  /** Position after the last good frame. */
  end: number;
  /** Set when the scan stopped before the end of the file: the bad frame's position and why. */
  stoppedAt?: { position: number; reason: 'torn' | 'corrupt' };
}

/**
 * Reads a state file frame by frame in large chunks and hands each CRC-checked frame to `onFrame`
 * (`buf` holds the frame at `pos`; `filePos` is where it starts in the file). `onFrame` returns
 * false for a frame whose ops do not tile it, which stops the scan as corrupt.
 */
export async function scanStateFile(
  handle: FileHandle,
  size: number,
  onFrame: (buf: Buffer, pos: number, filePos: number) => boolean,
): Promise<ScanResult> {
  let chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(size, FRAME_HEADER_BYTES)));
  let filePos = 0;
  while (filePos < size) {
    const want = Math.min(chunk.length, size - filePos);
    const end = await readInto(handle, chunk, want, filePos);
    let pos = 0;
    for (;;) {
      const status = checkFrame(chunk, pos, end);
      if (status === FrameStatus.ok) {
        if (!onFrame(chunk, pos, filePos + pos)) return { end: filePos + pos, stoppedAt: { position: filePos + pos, reason: 'corrupt' } };
        pos += frameLength(chunk, pos);
        continue;
      }
      if (status === FrameStatus.corrupt) return { end: filePos + pos, stoppedAt: { position: filePos + pos, reason: 'corrupt' } };
      // short: either the chunk ends inside the frame (read on) or the file does (a torn tail).
      const atEof = filePos + end >= size;
      // A length reaching past the file is a torn frame; do not allocate for it.
      const pastEof = end - pos >= FRAME_HEADER_BYTES && filePos + pos + frameLength(chunk, pos) > size;
      if (atEof || pastEof) {
        return atEof && pos === end ? { end: filePos + pos } : { end: filePos + pos, stoppedAt: { position: filePos + pos, reason: 'torn' } };
      }
      if (pos === 0 && end - pos >= FRAME_HEADER_BYTES && frameLength(chunk, pos) > chunk.length) {
        chunk = Buffer.allocUnsafe(frameLength(chunk, pos));
      }
      filePos += pos;
      break;
    }
  }
  return { end: filePos };
}

async function readInto(handle: FileHandle, buf: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}
