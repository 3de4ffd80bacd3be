import type avro from 'avsc';
import { EfiError } from '../../../engine/errors/index.ts';
import type { AvroRecordSchema } from '../../../schemas/index.ts';
import { createAvroType } from './createAvroType.ts';
import type { ReaderEntry } from './WireCodec.ts';

/**
 * The reader of an old (or foreign) writer schema: resolved into the current reader Type, or
 * the writer Type itself when this process has no schema of that type any more.
 */
export function resolveReader(entry: { id: number; type: string; schema: AvroRecordSchema }, current: avro.Type | undefined): ReaderEntry {
  const writerType = createAvroType(entry.schema);
  if (current === undefined) return { type: entry.type, id: entry.id, readerType: writerType, resolver: undefined };
  try {
    return { type: entry.type, id: entry.id, readerType: current, resolver: current.createResolver(writerType) };
  } catch (err) {
    throw new EfiError('SCHEMA_INCOMPATIBLE', `records of ${entry.type} schema id ${entry.id} cannot be read with the current schema: ${(err as Error).message}`, {
      cause: err,
      details: { type: entry.type, schemaId: entry.id },
    });
  }
}
