import { crc32 } from 'node:zlib';

/**
 * On-disk frame of the file state store. One frame per write call (or per compaction chunk), so
 * a call is applied whole or, when its frame is torn by a crash, not at all:
 *
 *   frame = u32 bodyLength | u32 crc32(body) | body
 *   body  = u8 magic (0x53 'S') | u32 opCount | op*
 *   op    = u8 kind (1 put, 2 delete) | u16 namespaceBytes | u16 keyBytes | u32 valueBytes
 *           | namespace | key | value          (UTF-8; a delete has valueBytes 0)
 */
export const FRAME_HEADER_BYTES = 8;
const BODY_HEADER_BYTES = 5;
export const OP_HEADER_BYTES = 9;
const MAGIC = 0x53;
/** Format bound on one frame: far above any sane call, and it keeps a garbage length from allocating gigabytes in recovery. */
export const MAX_FRAME_BYTES = 1024 * 1024 * 1024;
export const MAX_NAME_BYTES = 0xffff;

export const OpKind = { put: 1, delete: 2 } as const;
export type OpKind = (typeof OpKind)[keyof typeof OpKind];

/** One operation to frame; `value` is a string from callers or raw bytes when compaction copies. */
export interface FrameOp {
  kind: OpKind;
  namespace: string;
  key: string;
  value: string | Buffer | null;
}

/** Where a put's value landed inside its frame, and how many bytes its op takes (for garbage accounting). */
export interface OpPlacement {
  valueAt: number;
  valueBytes: number;
  opBytes: number;
}

export interface EncodedFrame {
  bytes: Buffer;
  /** One placement per op, in op order. */
  placements: OpPlacement[];
}

/** Byte sizes of an op's namespace, key and value. */
export interface OpSizes {
  namespaceBytes: number;
  keyBytes: number;
  valueBytes: number;
}

export function measureOp(op: FrameOp): OpSizes {
  return {
    namespaceBytes: Buffer.byteLength(op.namespace),
    keyBytes: Buffer.byteLength(op.key),
    valueBytes: op.value === null ? 0 : typeof op.value === 'string' ? Buffer.byteLength(op.value) : op.value.length,
  };
}

/** Encodes ops whose sizes were measured (and bounded) by the caller into one frame. */
export function encodeFrame(ops: readonly FrameOp[], sizes: readonly OpSizes[]): EncodedFrame {
  let total = FRAME_HEADER_BYTES + BODY_HEADER_BYTES;
  for (const s of sizes) total += OP_HEADER_BYTES + s.namespaceBytes + s.keyBytes + s.valueBytes;
  const bytes = Buffer.allocUnsafe(total);
  const placements: OpPlacement[] = new Array(ops.length);
  bytes.writeUInt32BE(total - FRAME_HEADER_BYTES, 0);
  bytes[FRAME_HEADER_BYTES] = MAGIC;
  bytes.writeUInt32BE(ops.length, FRAME_HEADER_BYTES + 1);
  let p = FRAME_HEADER_BYTES + BODY_HEADER_BYTES;
  for (let i = 0; i < ops.length; i += 1) {
    const op = ops[i]!;
    const s = sizes[i]!;
    const start = p;
    bytes[p] = op.kind;
    bytes.writeUInt16BE(s.namespaceBytes, p + 1);
    bytes.writeUInt16BE(s.keyBytes, p + 3);
    bytes.writeUInt32BE(s.valueBytes, p + 5);
    p += OP_HEADER_BYTES;
    p += bytes.write(op.namespace, p, 'utf8');
    p += bytes.write(op.key, p, 'utf8');
    const valueAt = p;
    if (typeof op.value === 'string') p += bytes.write(op.value, p, 'utf8');
    else if (op.value !== null) p += op.value.copy(bytes, p);
    placements[i] = { valueAt, valueBytes: s.valueBytes, opBytes: p - start };
  }
  bytes.writeUInt32BE(crc32(bytes.subarray(FRAME_HEADER_BYTES, total)), 4);
  return { bytes, placements };
}

export const FrameStatus = { ok: 'ok', short: 'short', corrupt: 'corrupt' } as const;
export type FrameStatus = (typeof FrameStatus)[keyof typeof FrameStatus];

/** Length the frame at `pos` claims (trust it after {@link checkFrame} said `ok`, or to size a read). */
export const frameLength = (buf: Buffer, pos: number): number => FRAME_HEADER_BYTES + buf.readUInt32BE(pos);

/** Checks the frame at `pos` (valid bytes end at `end`): length sane and present, magic and CRC right. */
export function checkFrame(buf: Buffer, pos: number, end: number): FrameStatus {
  if (end - pos < FRAME_HEADER_BYTES) return FrameStatus.short;
  const length = frameLength(buf, pos);
  if (length < FRAME_HEADER_BYTES + BODY_HEADER_BYTES || length > MAX_FRAME_BYTES) return FrameStatus.corrupt;
  if (pos + length > end) return FrameStatus.short;
  if (buf[pos + FRAME_HEADER_BYTES] !== MAGIC) return FrameStatus.corrupt;
  if (crc32(buf.subarray(pos + FRAME_HEADER_BYTES, pos + length)) !== buf.readUInt32BE(pos + 4)) return FrameStatus.corrupt;
  return FrameStatus.ok;
}

/** One op of a checked frame; `valueAt` is relative to the buffer given to {@link decodeOps}. */
export interface DecodedOp {
  kind: OpKind;
  namespace: string;
  key: string;
  valueAt: number;
  valueBytes: number;
  opBytes: number;
}

/** The ops of a checked frame, or null when they do not tile its body (CRC-valid but written wrong). */
export function decodeOps(buf: Buffer, pos: number): DecodedOp[] | null {
  const end = pos + frameLength(buf, pos);
  const count = buf.readUInt32BE(pos + FRAME_HEADER_BYTES + 1);
  const ops: DecodedOp[] = [];
  let p = pos + FRAME_HEADER_BYTES + BODY_HEADER_BYTES;
  for (let i = 0; i < count; i += 1) {
    if (p + OP_HEADER_BYTES > end) return null;
    const kind = buf[p];
    if (kind !== OpKind.put && kind !== OpKind.delete) return null;
    const namespaceBytes = buf.readUInt16BE(p + 1);
    const keyBytes = buf.readUInt16BE(p + 3);
    const valueBytes = buf.readUInt32BE(p + 5);
    p += OP_HEADER_BYTES;
    if (p + namespaceBytes + keyBytes + valueBytes > end) return null;
    const namespace = buf.toString('utf8', p, (p += namespaceBytes));
    const key = buf.toString('utf8', p, (p += keyBytes));
    ops.push({ kind, namespace, key, valueAt: p, valueBytes, opBytes: OP_HEADER_BYTES + namespaceBytes + keyBytes + valueBytes });
    p += valueBytes;
  }
  return p === end ? ops : null;
}
