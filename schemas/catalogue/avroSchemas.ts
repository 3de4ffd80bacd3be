import { join } from 'node:path';
import { EventType } from '../generated/events.ts';
import { readAvroDirectory } from '../internal/readAvroDirectory.ts';
import { schemaPaths } from '../internal/schemaPaths.ts';
import type { AvroRecordSchema } from './AvroSchema.ts';

function loadAvroSchemas(): Readonly<Record<EventType, AvroRecordSchema>> {
  const onDisk = readAvroDirectory(schemaPaths.avroDir);
  const loaded = {} as Record<EventType, AvroRecordSchema>;
  for (const type of EventType) {
    const schema = onDisk.get(type);
    if (!schema) {
      throw new Error(`${join(schemaPaths.avroDir, `${type}.avsc`)} is missing; run npm run schemas:types after changing schemas`);
    }
    loaded[type] = deepFreeze(schema);
  }
  return Object.freeze(loaded);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The current Avro schema of every event type, parsed from `schemas/avro/*.avsc` once at import
 * (a synchronous read: it happens once per process, before any event flows). Frozen.
 *
 * @example
 * const type = avro.Type.forSchema(avroSchemas.TicketCreated);
 */
export const avroSchemas: Readonly<Record<EventType, AvroRecordSchema>> = loadAvroSchemas();
