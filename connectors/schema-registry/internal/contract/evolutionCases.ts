import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { avroSchemas, EventType, type AvroRecordSchema } from '../../../../schemas/index.ts';
import { eventArbitraries } from '../eventArbitraries.ts';
import { rejection, type ContractContext } from './ContractContext.ts';

/** A namespace no earlier run used, so registry subjects of evolution tests never collide. */
function freshNamespace(): string {
  return `efi.contract.r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

function withNamespace(schema: AvroRecordSchema, namespace: string): AvroRecordSchema {
  return { ...structuredClone(schema), namespace };
}

function withoutFields(schema: AvroRecordSchema, names: string[]): AvroRecordSchema {
  return { ...schema, fields: schema.fields.filter((field) => !names.includes(field.name)) };
}


/** Old writers decode under new readers; incompatible changes are refused; restarts keep ids. */
export function evolutionCases(ctx: ContractContext): void {
  describe('when a schema evolves', () => {
    const namespace = freshNamespace();
    const current = withNamespace(avroSchemas.TicketCreated, namespace);
    const old = withoutFields(current, ['temperature_ambient', 'vehicle_load_state']);

    it('decodes events written with the old schema under the new reader, defaults filled', async () => {
      const oldCodec = await ctx.store().open({ schemas: { TicketCreated: old } });
      const newCodec = await ctx.store().open({ schemas: { TicketCreated: current } });
      try {
        expect(await oldCodec.schemaId('TicketCreated')).not.toBe(await newCodec.schemaId('TicketCreated'));
        await fc.assert(
          fc.asyncProperty(eventArbitraries.TicketCreated, async (ticket) => {
            const { temperature_ambient: _t, vehicle_load_state: _v, ...oldTicket } = ticket;
            const decoded = await newCodec.decode(await oldCodec.encode('TicketCreated', oldTicket));
            expect(decoded.schemaId).toBe(await oldCodec.schemaId('TicketCreated'));
            expect(decoded.event).toEqual({ ...oldTicket, temperature_ambient: null, vehicle_load_state: null });
          }),
          { numRuns: 100 },
        );
      } finally {
        await oldCodec.close();
        await newCodec.close();
      }
    });

    it('refuses a change that cannot read the earlier version with SCHEMA_INCOMPATIBLE', async () => {
      const first = await ctx.store().open({ schemas: { TicketCreated: current } });
      await first.schemaId('TicketCreated');
      await first.close();
      const incompatible = { ...current, fields: [...current.fields, { name: 'priority', type: 'int' }] };
      const err = await rejection(ctx.store().open({ schemas: { TicketCreated: incompatible } }).then((next) => next.schemaId('TicketCreated')));
      expect(err.code).toBe('SCHEMA_INCOMPATIBLE');
    });

    it('decodes a type this codec has no schema for with the writer schema', async () => {
      const extra: AvroRecordSchema = { type: 'record', name: 'FutureEvent', namespace, fields: [{ name: 'event_id', type: 'string' }, { name: 'n', type: 'int' }] };
      const writer = await ctx.store().open({ schemas: { FutureEvent: extra } });
      try {
        const decoded = await ctx.codec().decode(await writer.encode('FutureEvent', { event_id: 'e-1', n: 5 }));
        expect(decoded).toMatchObject({ type: 'FutureEvent', event: { event_id: 'e-1', n: 5 } });
      } finally {
        await writer.close();
      }
    });
  });

  describe('when reopened over the same store', () => {
    it('keeps every id and decodes what the first codec wrote', async () => {
      const [ticket] = fc.sample(eventArbitraries.TicketCreated, { numRuns: 1, seed: 11 });
      const bytes = await ctx.codec().encode('TicketCreated', ticket as unknown as Record<string, unknown>);
      const ids = await Promise.all(EventType.map((type) => ctx.codec().schemaId(type)));
      const reopened = await ctx.store().open();
      try {
        expect(await Promise.all(EventType.map((type) => reopened.schemaId(type)))).toEqual(ids);
        expect((await reopened.decode(bytes)).event).toEqual(ticket);
      } finally {
        await reopened.close();
      }
    });
  });
}
