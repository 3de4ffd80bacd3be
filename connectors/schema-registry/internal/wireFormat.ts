import { EfiError } from '../../../engine/errors/index.ts';

/** Confluent wire format: magic byte 0, then the schema id as a 4-byte big-endian int. */
export const MAGIC_BYTE = 0;
export const WIRE_HEADER_BYTES = 5;

/**
 * The schema id of a framed record; throws `SCHEMA_BAD_MAGIC` when the first byte is not 0 and
 * `SCHEMA_DECODE_FAILED` when the header itself is cut short.
 *
 * @example
 * const id = readSchemaId(bytes); // bytes = [0, 0, 0, 0, 7, ...avro]
 */
export function readSchemaId(bytes: Buffer): number {
  if (bytes.length === 0) {
    throw new EfiError('SCHEMA_DECODE_FAILED', 'empty record: no Confluent wire header', { details: { length: 0 } });
  }
  if (bytes[0] !== MAGIC_BYTE) {
    throw new EfiError('SCHEMA_BAD_MAGIC', `magic byte ${bytes[0]}, expected ${MAGIC_BYTE}: not a Confluent-framed Avro record`, {
      details: { magic: bytes[0], length: bytes.length },
    });
  }
  if (bytes.length < WIRE_HEADER_BYTES) {
    throw new EfiError('SCHEMA_DECODE_FAILED', `record of ${bytes.length} bytes is shorter than the ${WIRE_HEADER_BYTES}-byte wire header`, {
      details: { length: bytes.length },
    });
  }
  return bytes.readInt32BE(1);
}
