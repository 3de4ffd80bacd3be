import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AvroRecordSchema } from '../catalogue/AvroSchema.ts';
import { readAvroDirectory } from './readAvroDirectory.ts';
import { renderEventTypes } from './renderEventTypes.ts';
import { schemaPaths } from './schemaPaths.ts';

const record = (name: string, fields: AvroRecordSchema['fields']): AvroRecordSchema => ({ type: 'record', name, namespace: 'efi.v1', fields });

describe('renderEventTypes', () => {
  describe('when run on the committed schemas', () => {
    it('reproduces schemas/generated/events.ts exactly (run npm run schemas:types if not)', () => {
      const regenerated = renderEventTypes(readAvroDirectory(schemaPaths.avroDir));
      expect(regenerated).toBe(readFileSync(schemaPaths.generatedTypesFile, 'utf8'));
    });
  });

  describe('when rendering a record', () => {
    it('maps Avro types to TypeScript and adds the discriminated union', () => {
      const source = renderEventTypes(
        new Map([
          [
            'Thing',
            record('Thing', [
              { name: 'id', type: 'string' },
              { name: 'count', type: 'long' },
              { name: 'maybe', type: ['null', 'double'], default: null },
              { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
              { name: 'levels', type: { type: 'map', values: 'int' } },
              { name: 'raw', type: 'bytes' },
              { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['a', 'b'] } },
              { name: 'kinds', type: { type: 'array', items: ['null', 'Kind'] } },
            ]),
          ],
        ]),
      );
      expect(source).toContain("export const Kind = ['a', 'b'] as const;");
      expect(source).toContain('  count: number;');
      expect(source).toContain('  maybe: number | null;');
      expect(source).toContain('  tags: string[];');
      expect(source).toContain('  levels: Record<string, number>;');
      expect(source).toContain('  raw: Buffer;');
      expect(source).toContain('  kind: Kind;');
      expect(source).toContain('  kinds: Array<Kind | null>;');
      expect(source).toContain("  | ({ type: 'Thing' } & Thing);");
    });
  });

  describe('when schemas disagree or cannot be typed', () => {
    it('throws when one named type is defined differently in two files', () => {
      const a = record('A', [{ name: 'e', type: { type: 'enum', name: 'Shared', symbols: ['x'] } }]);
      const b = record('B', [{ name: 'e', type: { type: 'enum', name: 'Shared', symbols: ['x', 'y'] } }]);
      expect(() => renderEventTypes(new Map([['A', a], ['B', b]]))).toThrow(/efi\.v1\.Shared is defined differently/);
    });

    it('throws on a top-level field named type', () => {
      expect(() => renderEventTypes(new Map([['A', record('A', [{ name: 'type', type: 'string' }])]]))).toThrow(/discriminant/);
    });

    it('throws on unions wider than [null, T]', () => {
      expect(() => renderEventTypes(new Map([['A', record('A', [{ name: 'u', type: ['string', 'int'] }])]]))).toThrow(/unions/);
    });
  });
});
