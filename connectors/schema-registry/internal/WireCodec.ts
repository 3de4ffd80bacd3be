import type avro from 'avsc';
import { EfiError } from '../../../engine/errors/index.ts';
import type { DecodedEvent } from '../../../engine/ports/index.ts';
import { invalidEventError } from './invalidEventError.ts';
import { MAGIC_BYTE, WIRE_HEADER_BYTES } from './wireFormat.ts';

/** How one event type is written: its current schema id and avsc Type. */
export interface WriterEntry {
  type: string;
  id: number;
  avroType: avro.Type;
}

/** How records of one schema id are read: the reader Type, plus a resolver when the writer differs. */
export interface ReaderEntry {
  type: string;
  id: number;
  readerType: avro.Type;
  resolver: avro.Resolver | undefined;
}

/**
 * The hot path shared by both codecs: frame + encode into a reusable scratch buffer, and
 * decode with a cached reader. No allocation beyond the output buffer and the decoded value,
 * no closure per message.
 */
export class WireCodec {
  private scratch: Buffer;
  private readonly maxScratchBytes: number;

  /**
   * @param initialScratchBytes start size of the encode buffer
   * @param maxScratchBytes the buffer grows up to this; a larger event is encoded into a one-off
   *   buffer instead, so one huge event does not pin its size in memory for the process lifetime
   */
  constructor({ initialScratchBytes = 64 * 1024, maxScratchBytes = 1024 * 1024 }: { initialScratchBytes?: number; maxScratchBytes?: number } = {}) {
    this.scratch = Buffer.allocUnsafe(initialScratchBytes);
    this.maxScratchBytes = maxScratchBytes;
  }

  encode(writer: WriterEntry, event: Record<string, unknown>): Buffer {
    let end: number;
    try {
      end = writer.avroType.encode(event, this.scratch, WIRE_HEADER_BYTES);
      if (end < 0) {
        // avsc returns minus the missing byte count when the buffer is too small.
        const needed = this.scratch.length - end;
        if (needed > this.maxScratchBytes) return this.encodeOversized(writer, event);
        this.scratch = Buffer.allocUnsafe(Math.min(this.maxScratchBytes, 2 ** Math.ceil(Math.log2(needed))));
        end = writer.avroType.encode(event, this.scratch, WIRE_HEADER_BYTES);
      }
    } catch (err) {
      throw invalidEventError({ type: writer.type, avroType: writer.avroType, event, cause: err });
    }
    this.scratch[0] = MAGIC_BYTE;
    this.scratch.writeInt32BE(writer.id, 1);
    const out = Buffer.allocUnsafe(end);
    this.scratch.copy(out, 0, 0, end);
    return out;
  }

  decode(reader: ReaderEntry, bytes: Buffer): DecodedEvent {
    let event: Record<string, unknown>;
    try {
      event = reader.readerType.fromBuffer(bytes.subarray(WIRE_HEADER_BYTES), reader.resolver) as Record<string, unknown>;
    } catch (err) {
      throw new EfiError('SCHEMA_DECODE_FAILED', `cannot decode ${reader.type} (schema id ${reader.id}): ${(err as Error).message}`, {
        cause: err,
        details: { type: reader.type, schemaId: reader.id, length: bytes.length },
      });
    }
    return { type: reader.type, schemaId: reader.id, event };
  }

  private encodeOversized(writer: WriterEntry, event: Record<string, unknown>): Buffer {
    const body = writer.avroType.toBuffer(event);
    const out = Buffer.allocUnsafe(WIRE_HEADER_BYTES + body.length);
    out[0] = MAGIC_BYTE;
    out.writeInt32BE(writer.id, 1);
    body.copy(out, WIRE_HEADER_BYTES);
    return out;
  }
}
