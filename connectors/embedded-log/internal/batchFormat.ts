import { crc32 } from 'node:zlib';
import type { LogRecord, ProduceRecord } from '../../../engine/ports/EventLog.ts';

/**
 * On-disk format (all integers big-endian). A segment is a sequence of batch frames:
 *
 *   batch  = u32 bodyLength | u32 crc32(body) | body
 *   body   = u8 magic(2) | u32 recordCount | u64 firstOffset | u64 lastOffset | i64 maxTimestamp | record*
 *   record = u32 recordLength (bytes after this field) | u64 offset | i64 timestamp
 *          | i32 keyLength (-1 = null) | key | i32 valueLength (-1 = null) | value
 *          | u16 headerCount | { u16 nameLength | name (utf-8) | u32 valueLength | value }*
 *
 * Why one CRC per batch (as Kafka does) rather than per record: the native CRC call costs about
 * as much per small record as everything else of encoding together, and the produce hot path is
 * measured against a raw file append. A batch is what one produce call wrote to one partition, so
 * a torn tail still cuts at a call boundary: a call is present whole or not at all (calls over
 * `BATCH_SOFT_BYTES` are split into several frames and may be cut between them — they were not
 * acknowledged either way). The header's offsets and max timestamp let reads, time lookups and
 * the index skip batches without parsing their records. 64-bit fields are written as two u32
 * halves: offsets and timestamps are JS numbers, exact below 2^53.
 */
export const BATCH_HEADER_BYTES = 8 + 1 + 4 + 8 + 8 + 8;
export const RECORD_FIXED_BYTES = 4 + 8 + 8 + 4 + 4 + 2;
/** A produce call's records for one partition are cut into frames of about this size. */
export const BATCH_SOFT_BYTES = 256 * 1024;
const MAGIC = 2;
const TWO_32 = 2 ** 32;

/** Outcome of checking the frame at a position: `ok`, `short` (runs past the data) or `corrupt`. */
export const FrameStatus = { ok: 0, short: 1, corrupt: 2 } as const;
export type FrameStatus = (typeof FrameStatus)[keyof typeof FrameStatus];

/** Largest legal batch frame for a log accepting records up to `maxRecordBytes`. */
export function maxBatchBytes(maxRecordBytes: number): number {
  return BATCH_HEADER_BYTES + BATCH_SOFT_BYTES + maxRecordBytes;
}

/**
 * Bytes one record takes inside a batch. Returns `Infinity` when the record cannot be framed (a
 * header name over 64 KiB or more than 65 535 headers), so the size check rejects it.
 */
export function recordBytes(record: ProduceRecord): number {
  let n = RECORD_FIXED_BYTES;
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

/** Writes one record at `pos` (room for {@link recordBytes} must be there); returns the end. */
export function writeRecord(buf: Buffer, pos: number, record: ProduceRecord, offset: number, timestamp: number): number {
  let p = pos + 4;
  writeU64(buf, p, offset);
  writeI64(buf, p + 8, timestamp);
  p += 16;
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
  buf.writeUInt32BE(p - pos - 4, pos);
  return p;
}

/** Fills in the header and CRC of a batch whose records occupy `start + BATCH_HEADER_BYTES .. end`. */
export function sealBatch(buf: Buffer, start: number, end: number, count: number, firstOffset: number, lastOffset: number, maxTimestamp: number): void {
  buf.writeUInt32BE(end - start - 8, start);
  buf[start + 8] = MAGIC;
  buf.writeUInt32BE(count, start + 9);
  writeU64(buf, start + 13, firstOffset);
  writeU64(buf, start + 21, lastOffset);
  writeI64(buf, start + 29, maxTimestamp);
  buf.writeUInt32BE(crc32(buf.subarray(start + 8, end)), start + 4);
}

/** Checks the batch at `pos` of `buf` (valid bytes end at `end`): length sane, present, CRC and magic right. */
export function checkBatch(buf: Buffer, pos: number, end: number, maxFrameBytes: number): FrameStatus {
  if (end - pos < 8) return FrameStatus.short;
  const length = 8 + buf.readUInt32BE(pos);
  if (length < BATCH_HEADER_BYTES || length > maxFrameBytes) return FrameStatus.corrupt;
  if (pos + length > end) return FrameStatus.short;
  if (buf[pos + 8] !== MAGIC) return FrameStatus.corrupt;
  if (crc32(buf.subarray(pos + 8, pos + length)) !== buf.readUInt32BE(pos + 4)) return FrameStatus.corrupt;
  return FrameStatus.ok;
}

/** Total length the batch at `pos` claims; trust it only after {@link checkBatch} said `ok`. */
export const batchLength = (buf: Buffer, pos: number): number => 8 + buf.readUInt32BE(pos);
export const batchCount = (buf: Buffer, pos: number): number => buf.readUInt32BE(pos + 9);
export const batchFirstOffset = (buf: Buffer, pos: number): number => readU64(buf, pos + 13);
export const batchLastOffset = (buf: Buffer, pos: number): number => readU64(buf, pos + 21);
export const batchMaxTimestamp = (buf: Buffer, pos: number): number => readI64(buf, pos + 29);

/** Position of the first record of the batch at `pos`. */
export const firstRecord = (pos: number): number => pos + BATCH_HEADER_BYTES;
/** Position after the record at `r`. */
export const nextRecord = (buf: Buffer, r: number): number => r + 4 + buf.readUInt32BE(r);
export const recordOffset = (buf: Buffer, r: number): number => readU64(buf, r + 4);
export const recordTimestamp = (buf: Buffer, r: number): number => readI64(buf, r + 12);

/** Key bytes of a record as a view (no copy), or null. */
export function recordKey(buf: Buffer, r: number): Buffer | null {
  const length = buf.readInt32BE(r + 20);
  return length < 0 ? null : buf.subarray(r + 24, r + 24 + length);
}

/** True when the record's value is null (a tombstone). */
export function recordIsTombstone(buf: Buffer, r: number): boolean {
  const keyLength = buf.readInt32BE(r + 20);
  return buf.readInt32BE(r + 24 + Math.max(0, keyLength)) < 0;
}

/**
 * True when the records of a checked batch tile its body exactly and agree with its header
 * (count, first and last offset, rising offsets). A CRC-valid batch failing this was written wrong.
 */
export function batchIsConsistent(buf: Buffer, pos: number): boolean {
  const end = pos + batchLength(buf, pos);
  let count = 0;
  let previous = -1;
  let r = firstRecord(pos);
  while (r < end) {
    if (r + RECORD_FIXED_BYTES > end || nextRecord(buf, r) > end) return false;
    const offset = recordOffset(buf, r);
    if (offset <= previous || (count === 0 && offset !== batchFirstOffset(buf, pos))) return false;
    previous = offset;
    count += 1;
    r = nextRecord(buf, r);
  }
  return r === end && count === batchCount(buf, pos) && count > 0 && previous === batchLastOffset(buf, pos);
}

/**
 * Decodes the record at `r` (within a checked batch). Key, value and header values are views into
 * `buf` (no copies): the read chunk stays alive as long as its records do. Returns null when the
 * lengths inside the record disagree with its length (a CRC-valid but malformed record).
 */
export function decodeRecord(buf: Buffer, r: number, topic: string, partition: number): LogRecord | null {
  const end = nextRecord(buf, r);
  let p = r + 20;
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
  return { topic, partition, offset: recordOffset(buf, r), timestamp: recordTimestamp(buf, r), key, value, headers };
}

function writeBytes(buf: Buffer, p: number, bytes: Buffer | null): number {
  if (bytes === null) {
    buf.writeInt32BE(-1, p);
    return p + 4;
  }
  buf.writeInt32BE(bytes.length, p);
  return p + 4 + bytes.copy(buf, p + 4);
}

function writeU64(buf: Buffer, p: number, v: number): void {
  buf.writeUInt32BE(Math.floor(v / TWO_32), p);
  buf.writeUInt32BE(v >>> 0, p + 4);
}

function writeI64(buf: Buffer, p: number, v: number): void {
  buf.writeInt32BE(Math.floor(v / TWO_32), p);
  buf.writeUInt32BE(v >>> 0, p + 4);
}

function readU64(buf: Buffer, p: number): number {
  return buf.readUInt32BE(p) * TWO_32 + buf.readUInt32BE(p + 4);
}

function readI64(buf: Buffer, p: number): number {
  return buf.readInt32BE(p) * TWO_32 + buf.readUInt32BE(p + 4);
}
