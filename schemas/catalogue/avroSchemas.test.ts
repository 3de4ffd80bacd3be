import { describe, expect, it } from 'vitest';
import type { AvroField, AvroRecordSchema, AvroSchema } from './AvroSchema.ts';
import { avroSchemas } from './avroSchemas.ts';

const schemas = Object.entries(avroSchemas) as [string, AvroRecordSchema][];

function* fieldsOf(schema: AvroSchema, path: string): Generator<[string, AvroField]> {
  if (Array.isArray(schema)) {
    for (const branch of schema) yield* fieldsOf(branch, path);
  } else if (typeof schema === 'object') {
    if (schema.type === 'record') {
      for (const field of schema.fields) {
        yield [`${path}.${field.name}`, field];
        yield* fieldsOf(field.type, `${path}.${field.name}`);
      }
    } else if (schema.type === 'array') {
      yield* fieldsOf(schema.items, `${path}[]`);
    } else if (schema.type === 'map') {
      yield* fieldsOf(schema.values, `${path}{}`);
    }
  }
}

describe('avroSchemas', () => {
  describe('when loaded', () => {
    it('holds one efi.v1 record per event type', () => {
      expect(schemas.length).toBeGreaterThan(20);
      for (const [name, schema] of schemas) {
        expect(schema.type).toBe('record');
        expect(schema.name).toBe(name);
        expect(schema.namespace).toBe('efi.v1');
      }
    });

    it.each(schemas)('gives %s an event_id (uuid) and an occurred_at (timestamp-millis) first', (_name, schema) => {
      expect(schema.fields[0]).toMatchObject({ name: 'event_id', type: { type: 'string', logicalType: 'uuid' } });
      expect(schema.fields[1]).toMatchObject({ name: 'occurred_at', type: { type: 'long', logicalType: 'timestamp-millis' } });
    });

    it('is frozen, so no consumer can change the schemas under the codecs', () => {
      expect(Object.isFrozen(avroSchemas.TicketCreated.fields)).toBe(true);
    });
  });

  describe('when checked for evolution hygiene', () => {
    it.each(schemas)('%s uses snake_case field names', (name, schema) => {
      for (const [path, field] of fieldsOf(schema, name)) expect(field.name, path).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    });

    it.each(schemas)('%s gives every nullable field a null default', (name, schema) => {
      for (const [path, field] of fieldsOf(schema, name)) {
        if (Array.isArray(field.type) && field.type.includes('null')) {
          expect(field.type[0], path).toBe('null');
          expect(field.default, path).toBeNull();
        }
      }
    });
  });
});
