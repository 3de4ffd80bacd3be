import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AvroRecordSchema } from '../catalogue/AvroSchema.ts';

/**
 * Reads every `<Name>.avsc` of `dir` (not recursive), keyed by record name, in name order.
 * Throws when a file does not hold a record named after the file: the name is the event type,
 * the subject and the file name at once, so a mismatch is always a mistake.
 */
export function readAvroDirectory(dir: string): Map<string, AvroRecordSchema> {
  const schemas = new Map<string, AvroRecordSchema>();
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.avsc'))
    .sort();
  for (const file of files) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as AvroRecordSchema;
    const expected = file.slice(0, -'.avsc'.length);
    if (schema.type !== 'record' || schema.name !== expected) {
      throw new Error(`${join(dir, file)}: expected a record named ${expected}, found ${schema.type} ${schema.name}`);
    }
    schemas.set(expected, schema);
  }
  return schemas;
}
