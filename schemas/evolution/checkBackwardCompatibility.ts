import avro from 'avsc';
import type { AvroSchema } from '../catalogue/AvroSchema.ts';

/** The verdict of {@link checkBackwardCompatibility}; `reason` is avsc's explanation. */
export type CompatibilityResult = { compatible: true } | { compatible: false; reason: string };

/**
 * BACKWARD compatibility as the registry defines it: consumers using `reader` (the new schema)
 * can read every record written with `writer` (an older one). Decided by avsc's schema
 * resolution (`reader.createResolver(writer)`), the same resolution the codecs run when they
 * decode old records — so "compatible" here means "our decoder will read it".
 *
 * @example
 * const verdict = checkBackwardCompatibility({ reader: current, writer: released });
 * if (!verdict.compatible) throw new Error(verdict.reason);
 */
export function checkBackwardCompatibility({ reader, writer }: { reader: AvroSchema; writer: AvroSchema }): CompatibilityResult {
  let readerType: avro.Type;
  let writerType: avro.Type;
  try {
    readerType = avro.Type.forSchema(reader as avro.Schema);
    writerType = avro.Type.forSchema(writer as avro.Schema);
  } catch (err) {
    return { compatible: false, reason: `invalid schema: ${(err as Error).message}` };
  }
  try {
    readerType.createResolver(writerType);
    return { compatible: true };
  } catch (err) {
    return { compatible: false, reason: (err as Error).message };
  }
}
