import avro from 'avsc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avroSchemas, EventType } from '../../../../schemas/index.ts';
import { eventArbitraries } from '../eventArbitraries.ts';
import type { ContractContext } from './ContractContext.ts';

/** Valid events roundtrip, frame as Confluent wire format, and keep their ids. */
export function roundtripCases(ctx: ContractContext): void {
  describe('when encoding and decoding valid events', () => {
    it('roundtrips arbitrary TicketCreated events', async () => {
      await fc.assert(
        fc.asyncProperty(eventArbitraries.TicketCreated, async (ticket) => {
          const decoded = await ctx.codec().decode(await ctx.codec().encode('TicketCreated', { ...ticket }));
          expect(decoded.type).toBe('TicketCreated');
          expect(decoded.schemaId).toBe(await ctx.codec().schemaId('TicketCreated'));
          expect(decoded.event).toEqual(ticket);
        }),
        { numRuns: 200 },
      );
    });

    it('roundtrips arbitrary TelemetryReading events', async () => {
      await fc.assert(
        fc.asyncProperty(eventArbitraries.TelemetryReading, async (reading) => {
          const decoded = await ctx.codec().decode(await ctx.codec().encode('TelemetryReading', { ...reading }));
          expect(decoded).toMatchObject({ type: 'TelemetryReading' });
          expect(decoded.event).toEqual(reading);
        }),
        { numRuns: 200 },
      );
    });

    it.each(EventType.map((type) => [type] as const))('roundtrips random %s values of its schema', async (type) => {
      const avroType = avro.Type.forSchema(avroSchemas[type] as avro.Schema);
      for (let i = 0; i < 20; i++) {
        const event = avroType.random() as unknown as Record<string, unknown>;
        const decoded = await ctx.codec().decode(await ctx.codec().encode(type, event));
        expect(decoded.event).toEqual(event);
      }
    });

    it('frames as magic byte 0, the 4-byte big-endian schema id, then the plain Avro body', async () => {
      const avroType = avro.Type.forSchema(avroSchemas.TicketCreated as avro.Schema);
      const id = await ctx.codec().schemaId('TicketCreated');
      await fc.assert(
        fc.asyncProperty(eventArbitraries.TicketCreated, async (ticket) => {
          const bytes = await ctx.codec().encode('TicketCreated', ticket as unknown as Record<string, unknown>);
          expect(bytes[0]).toBe(0);
          expect(bytes.readInt32BE(1)).toBe(id);
          expect(bytes.subarray(5).equals(avroType.toBuffer(ticket))).toBe(true);
        }),
        { numRuns: 100 },
      );
    });

    it('ignores a `type` discriminant and fills defaults of omitted optional fields', async () => {
      const [ticket] = fc.sample(eventArbitraries.TicketCreated, { numRuns: 1, seed: 7 });
      const { temperature_ambient: _t, vehicle_load_state: _v, error_codes: _e, ...required } = ticket!;
      const { event } = await ctx.codec().decode(await ctx.codec().encode('TicketCreated', { type: 'TicketCreated', ...required }));
      expect(event).toEqual({ ...required, error_codes: [], temperature_ambient: null, vehicle_load_state: null });
    });

    it('gives a type the same id on every call, also when registered concurrently', async () => {
      const ids = await Promise.all(Array.from({ length: 20 }, () => ctx.codec().schemaId('TicketClosed')));
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).not.toBe(await ctx.codec().schemaId('TicketCreated'));
    });
  });
}
