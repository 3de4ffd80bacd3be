import { crc32 } from 'node:zlib';
import type { LogRecord, ProduceRecord } from '../../../engine/ports/EventLog.ts';

/**
 * On-disk record frame (all integers big-endian):
 *
 *   u32 bodyLength | u32 crc32(body) | body
 *   body = u8 magic(1) | u32 offsetHi | u32 offsetLo | i32 timestampHi | u32 timestampLo
 *        | i32 keyLength (-1 = null) | key | i32 valueLength (-1 = null) | value
 *        | u16 headerCount | { u16 nameLength | name (utf-8) | u32 valueLength | value }*
 *
 * One CRC per record (not per batch) so that every record validates on its own: recovery can cut
 * a torn tail at the exact last good record, and compaction can copy frames without re-framing.
 */
export const FRAME_HEADER_BYTES = 8;
const MAGIC = 1;
const BODY_FIXED_BYTES = 1 + 8 + 8 + 4 + 4 + 2;
/** Smallest legal frame, used to reject garbage lengths during scans. */
export const MIN_FRAME_BYTES = FRAME_HEADER_BYTES + BODY_FIXED_BYTES;
const TWO_32 = 2 ** 32;

/** Outcome of checking the frame at a position: `ok`, `short` (runs past the data) or `corrupt`. */
export const FrameStatus = { ok: 0, short: 1, corrupt: 2 } as const;
export type FrameStatus = (typeof FrameStatus)[keyof typeof FrameStatus];

/**
 * Bytes one record takes on disk. Returns `Infinity` when the record cannot be framed at all (a
 * header name over 64 KiB or more than 65 535 headers), so the size check rejects it.
 */
export function frameBytes(record: ProduceRecord): number {
  let n = FRAME_HEADER_BYTES + BODY_FIXED_BYTES;
  if (record.key !== null) n += record.key.length;
  if (record.value !== null) n += record.value.length;
  const headers = record.headers;
  if (headers !== undefined) {
    let count = 0;
    for (const name in headers) {
      const v = headers[name]!;
      const nameBytes = Buffer.byteLength(name);
      if (nameBytes > 0xffff || ++count > 0xffff) return Infinity;
      n += 2 + nameBytes + 4 + (typeof v === 'string' ? Buffer.byteLength(v) : v.length);
    }
  }
  return n;
}

/**
 * Writes one record frame at `pos` and returns the position after it. `buf` must have room for
 * {@link frameBytes}; the caller computed it once for the size check and the allocation.
 */
export function writeFrame(buf: Buffer, pos: number, record: ProduceRecord, offset: number, timestamp: number): number {
  const bodyStart = pos + FRAME_HEADER_BYTES;
  let p = bodyStart;
  buf[p] = MAGIC;
  buf.writeUInt32BE(Math.floor(offset / TWO_32), p + 1);
  buf.writeUInt32BE(offset >>> 0, p + 5);
  buf.writeInt32BE(Math.floor(timestamp / TWO_32), p + 9);
  buf.writeUInt32BE(timestamp >>> 0, p + 13);
  p += 17;
  p = writeBytes(buf, p, record.key);
  p = writeBytes(buf, p, record.value);
  const headerCountAt = p;
  p += 2;
  let headerCount = 0;
  const headers = record.headers;
  if (headers !== undefined) {
    for (const name in headers) {
      const v = headers[name]!;
      const nameLength = buf.write(name, p + 2, 'utf8');
      buf.writeUInt16BE(nameLength, p);
      p += 2 + nameLength;
      const valueLength = typeof v === 'string' ? buf.write(v, p + 4, 'utf8') : v.copy(buf, p + 4);
      buf.writeUInt32BE(valueLength, p);
      p += 4 + valueLength;
      headerCount += 1;
    }
  }
  buf.writeUInt16BE(headerCount, headerCountAt);
  buf.writeUInt32BE(p - bodyStart, pos);
  buf.writeUInt32BE(crc32(buf.subarray(bodyStart, p)), pos + 4);
  return p;
}

function writeBytes(buf: Buffer, p: number, bytes: Buffer | null): number {
  if (bytes === null) {
    buf.writeInt32BE(-1, p);
    return p + 4;
  }
  buf.writeInt32BE(bytes.length, p);
  return p + 4 + bytes.copy(buf, p + 4);
}

/**
 * Checks the frame at `pos` of `buf` (valid bytes end at `end`): length sane, fully present, CRC
 * and magic right. `maxFrameBytes` rejects lengths no writer could have produced.
 */
export function checkFrame(buf: Buffer, pos: number, end: number, maxFrameBytes: number): FrameStatus {
  if (end - pos < FRAME_HEADER_BYTES) return FrameStatus.short;
  const bodyLength = buf.readUInt32BE(pos);
  if (bodyLength < BODY_FIXED_BYTES || bodyLength + FRAME_HEADER_BYTES > maxFrameBytes) return FrameStatus.corrupt;
  const bodyEnd = pos + FRAME_HEADER_BYTES + bodyLength;
  if (bodyEnd > end) return FrameStatus.short;
  if (buf[pos + FRAME_HEADER_BYTES] !== MAGIC) return FrameStatus.corrupt;
  if (crc32(buf.subarray(pos + FRAME_HEADER_BYTES, bodyEnd)) !== buf.readUInt32BE(pos + 4)) return FrameStatus.corrupt;
  return FrameStatus.ok;
}

/** Total length (header + body) the frame at `pos` claims; trust it only after {@link checkFrame} said `ok`. */
export function frameLength(buf: Buffer, pos: number): number {
  return FRAME_HEADER_BYTES + buf.readUInt32BE(pos);
}

export function frameOffset(buf: Buffer, pos: number): number {
  const b = pos + FRAME_HEADER_BYTES + 1;
  return buf.readUInt32BE(b) * TWO_32 + buf.readUInt32BE(b + 4);
}

export function frameTimestamp(buf: Buffer, pos: number): number {
  const b = pos + FRAME_HEADER_BYTES + 9;
  return buf.readInt32BE(b) * TWO_32 + buf.readUInt32BE(b + 4);
}

/** Key bytes of a checked frame as a view (no copy), or null. */
export function frameKey(buf: Buffer, pos: number): Buffer | null {
  const p = pos + FRAME_HEADER_BYTES + 17;
  const length = buf.readInt32BE(p);
  return length < 0 ? null : buf.subarray(p + 4, p + 4 + length);
}

/** True when the checked frame's value is null (a tombstone). */
export function frameIsTombstone(buf: Buffer, pos: number): boolean {
  const p = pos + FRAME_HEADER_BYTES + 17;
  const keyLength = buf.readInt32BE(p);
  return buf.readInt32BE(p + 4 + Math.max(0, keyLength)) < 0;
}

/**
 * Decodes a checked frame into a record. Key, value and header values are views into `buf`
 * (no copies): the read chunk stays alive as long as its records do. Returns null when the
 * lengths inside the body disagree with the body length (a CRC-valid but malformed frame).
 */
export function decodeFrame(buf: Buffer, pos: number, topic: string, partition: number): LogRecord | null {
  const end = pos + frameLength(buf, pos);
  let p = pos + FRAME_HEADER_BYTES + 17;
  const keyLength = buf.readInt32BE(p);
  p += 4;
  if (p + Math.max(0, keyLength) + 4 > end) return null;
  const key = keyLength < 0 ? null : buf.subarray(p, (p += keyLength));
  const valueLength = buf.readInt32BE(p);
  p += 4;
  if (p + Math.max(0, valueLength) + 2 > end) return null;
  const value = valueLength < 0 ? null : buf.subarray(p, (p += valueLength));
  const headerCount = buf.readUInt16BE(p);
  p += 2;
  const headers: Record<string, Buffer> = {};
  for (let i = 0; i < headerCount; i += 1) {
    if (p + 2 > end) return null;
    const nameLength = buf.readUInt16BE(p);
    if (p + 2 + nameLength + 4 > end) return null;
    const name = buf.toString('utf8', p + 2, p + 2 + nameLength);
    p += 2 + nameLength;
    const valueBytes = buf.readUInt32BE(p);
    if (p + 4 + valueBytes > end) return null;
    headers[name] = buf.subarray(p + 4, p + 4 + valueBytes);
    p += 4 + valueBytes;
  }
  if (p !== end) return null;
  return { topic, partition, offset: frameOffset(buf, pos), timestamp: frameTimestamp(buf, pos), key, value, headers };
}
