import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventArbitraries } from '../eventArbitraries.ts';
import { rejection, type ContractContext } from './ContractContext.ts';

/** Wrong-typed values at known paths of a TicketCreated; each must be reported at that path. */
const TICKET_VIOLATIONS: { path: string; apply(ticket: Record<string, unknown>): void }[] = [
  { path: 'title', apply: (t) => void (t.title = 42) },
  { path: 'ticket_id', apply: (t) => void delete t.ticket_id },
  { path: 'vehicle.year', apply: (t) => void ((t.vehicle as Record<string, unknown>).year = '2021') },
  { path: 'vehicle.vin', apply: (t) => void ((t.vehicle as Record<string, unknown>).vin = null) },
  { path: 'error_codes[0]', apply: (t) => void (t.error_codes = [7, 'P0AFA']) },
  { path: 'temperature_ambient', apply: (t) => void (t.temperature_ambient = 'hot') },
  { path: 'occurred_at', apply: (t) => void (t.occurred_at = 1.5) },
];


/** Events that do not fit their schema are refused with the failing paths. */
export function invalidEventCases(ctx: ContractContext): void {
  describe('when the event does not fit its schema', () => {
    it('rejects it with SCHEMA_INVALID_EVENT naming the failing path', async () => {
      await fc.assert(
        fc.asyncProperty(eventArbitraries.TicketCreated, fc.constantFrom(...TICKET_VIOLATIONS), async (ticket, violation) => {
          const broken = structuredClone(ticket) as unknown as Record<string, unknown>;
          violation.apply(broken);
          const err = await rejection(ctx.codec().encode('TicketCreated', broken));
          expect(err.code).toBe('SCHEMA_INVALID_EVENT');
          expect(err.details?.paths).toContain(violation.path);
          expect(err.message).toContain(violation.path);
        }),
        { numRuns: 100 },
      );
    });

    it('reports every failing path at once', async () => {
      const [ticket] = fc.sample(eventArbitraries.TicketCreated, { numRuns: 1, seed: 1 });
      const err = await rejection(ctx.codec().encode('TicketCreated', { ...ticket, title: 1, vehicle: { ...ticket!.vehicle, year: 'x' } }));
      expect(err.details?.paths).toEqual(['title', 'vehicle.year']);
    });

    it('rejects an unknown event type with SCHEMA_UNKNOWN_TYPE', async () => {
      expect((await rejection(ctx.codec().encode('TicketTeleported', {}))).code).toBe('SCHEMA_UNKNOWN_TYPE');
      expect((await rejection(ctx.codec().schemaId('TicketTeleported'))).code).toBe('SCHEMA_UNKNOWN_TYPE');
    });
  });
}
