import avro from 'avsc';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventArbitraries } from '../eventArbitraries.ts';
import { rejection, type ContractContext } from './ContractContext.ts';

/** Bytes that are not a valid record are refused with a coded error, fast. */
export function badBytesCases(ctx: ContractContext): void {
  describe('when decoding bytes that are not a valid record', () => {
    let valid: Buffer;
    beforeEach(async () => {
      const [ticket] = fc.sample(eventArbitraries.TicketCreated, { numRuns: 1, seed: 3 });
      valid = await ctx.codec().encode('TicketCreated', ticket as unknown as Record<string, unknown>);
    });

    it('rejects a non-zero magic byte with SCHEMA_BAD_MAGIC', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 255 }), async (magic) => {
          const bytes = Buffer.from(valid);
          bytes[0] = magic;
          expect((await rejection(ctx.codec().decode(bytes))).code).toBe('SCHEMA_BAD_MAGIC');
        }),
      );
    });

    it('rejects an id no schema has with SCHEMA_UNKNOWN_ID', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 100_000_000, max: 2 ** 31 - 1 }), async (id) => {
          const bytes = Buffer.from(valid);
          bytes.writeInt32BE(id, 1);
          expect((await rejection(ctx.codec().decode(bytes))).code).toBe('SCHEMA_UNKNOWN_ID');
        }),
        { numRuns: 20 },
      );
    });

    it('rejects every truncation of a record, header included, with SCHEMA_DECODE_FAILED', async () => {
      for (let length = 0; length < valid.length; length++) {
        const err = await rejection(ctx.codec().decode(valid.subarray(0, length)));
        expect(err.code, `cut at ${length}`).toBe('SCHEMA_DECODE_FAILED');
      }
    });

    it('rejects trailing bytes after the record with SCHEMA_DECODE_FAILED', async () => {
      expect((await rejection(ctx.codec().decode(Buffer.concat([valid, Buffer.from([1, 2, 3])])))).code).toBe('SCHEMA_DECODE_FAILED');
    });

    it('fails fast on a block count larger than the record (no stall, no huge allocation)', async () => {
      const id = await ctx.codec().schemaId('TelemetryReading');
      // A body claiming 2^40 cell voltages after a uuid and timestamp: varints, then nothing.
      const huge = avro.Type.forSchema('long').toBuffer(2 ** 40);
      const body = Buffer.concat([avro.Type.forSchema('string').toBuffer('00000000-0000-4000-8000-000000000000'), Buffer.from([2]), Buffer.from([0]), Buffer.alloc(24), huge]);
      const header = Buffer.alloc(5);
      header.writeInt32BE(id, 1);
      const started = performance.now();
      expect((await rejection(ctx.codec().decode(Buffer.concat([header, body])))).code).toBe('SCHEMA_DECODE_FAILED');
      expect(performance.now() - started).toBeLessThan(1000);
    });

    it('never fails with anything but a coded error on arbitrary bodies', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (body) => {
          try {
            await ctx.codec().decode(Buffer.concat([valid.subarray(0, 5), body]));
          } catch (err) {
            expect((err as { code?: string }).code).toBe('SCHEMA_DECODE_FAILED');
          }
        }),
        { numRuns: 500 },
      );
    });
  });
}
