import { describe, expect, it } from 'vitest';
import type { AvroField, AvroRecordSchema } from '../catalogue/AvroSchema.ts';
import { avroSchemas } from '../catalogue/avroSchemas.ts';
import { checkBackwardCompatibility } from './checkBackwardCompatibility.ts';

const released = avroSchemas.TicketCreated;

/** A deep, mutable copy of the released schema with its fields changed by `edit`. */
function evolve(edit: (fields: AvroField[]) => AvroField[]): AvroRecordSchema {
  const copy = structuredClone(released) as AvroRecordSchema;
  return { ...copy, fields: edit(copy.fields) };
}

function replaceField(fields: AvroField[], name: string, replacement: AvroField): AvroField[] {
  return fields.map((field) => (field.name === name ? replacement : field));
}

describe('checkBackwardCompatibility', () => {
  describe('when the new schema only makes compatible changes', () => {
    it.each([
      ['adds a field with a default', evolve((f) => [...f, { name: 'priority', type: 'int', default: 0 }])],
      ['adds a nullable field defaulting to null', evolve((f) => [...f, { name: 'photo_url', type: ['null', 'string'], default: null }])],
      ['removes a field', evolve((f) => f.filter((field) => field.name !== 'vehicle_load_state'))],
      ['changes docs only', evolve((f) => f.map((field) => ({ ...field, doc: 'changed' })))],
    ])('accepts a schema that %s', (_label, reader) => {
      expect(checkBackwardCompatibility({ reader, writer: released })).toEqual({ compatible: true });
    });

    it('accepts int -> long promotion and a new enum symbol', () => {
      const writer: AvroRecordSchema = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }, { name: 'e', type: { type: 'enum', name: 'E', symbols: ['a'] } }] };
      const reader: AvroRecordSchema = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'long' }, { name: 'e', type: { type: 'enum', name: 'E', symbols: ['a', 'b'] } }] };
      expect(checkBackwardCompatibility({ reader, writer }).compatible).toBe(true);
    });
  });

  describe('when the new schema breaks old records', () => {
    it.each([
      ['adds a field without a default', evolve((f) => [...f, { name: 'priority', type: 'int' }]), /default-less.*priority/],
      ['changes a field type', evolve((f) => replaceField(f, 'title', { name: 'title', type: 'int' })), /cannot read "string" as "int"/],
      ['makes a nullable field required', evolve((f) => replaceField(f, 'temperature_ambient', { name: 'temperature_ambient', type: 'double' })), /cannot read "null"/],
      [
        'adds a nested field without a default',
        evolve((f) =>
          f.map((field) =>
            field.name === 'vehicle' && typeof field.type === 'object' && !Array.isArray(field.type) && field.type.type === 'record'
              ? { ...field, type: { ...field.type, fields: [...field.type.fields, { name: 'trim', type: 'string' }] } }
              : field,
          ),
        ),
        /default-less.*trim/,
      ],
    ])('rejects a schema that %s', (_label, reader, reason) => {
      const verdict = checkBackwardCompatibility({ reader, writer: released });
      expect(verdict.compatible).toBe(false);
      if (!verdict.compatible) expect(verdict.reason).toMatch(reason);
    });

    it('rejects a renamed record and a removed enum symbol', () => {
      expect(checkBackwardCompatibility({ reader: { ...released, name: 'TicketOpened' }, writer: released }).compatible).toBe(false);
      const writer: AvroRecordSchema = { type: 'record', name: 'R', fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['a', 'b'] } }] };
      const reader: AvroRecordSchema = { type: 'record', name: 'R', fields: [{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['a'] } }] };
      expect(checkBackwardCompatibility({ reader, writer }).compatible).toBe(false);
    });

    it('reports an invalid schema as incompatible with the parse error', () => {
      const verdict = checkBackwardCompatibility({ reader: { type: 'record', name: 'R', fields: [{ name: 'x', type: 'nonsense' }] }, writer: released });
      expect(verdict).toEqual({ compatible: false, reason: expect.stringMatching(/^invalid schema: .*nonsense/) });
    });
  });
});
