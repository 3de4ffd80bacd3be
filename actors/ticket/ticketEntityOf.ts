import type { TicketEvent } from './ticket.types.ts';

/** Input event types addressed to a ticket actor (outputs such as MatchCompleted are not). */
const TICKET_INPUTS: ReadonlySet<string> = new Set<TicketEvent['type']>([
  'TicketCreated',
  'DiagnosticStepRecorded',
  'HypothesisRejected',
  'CardSelected',
  'TicketClosed',
  'TicketReopened',
]);

/**
 * The ticket an input event is about, or undefined when the event is not a ticket actor's input.
 *
 * @example ticketEntityOf('TicketClosed', { ticket_id: 'T-1', ... }) // 'T-1'
 * @example ticketEntityOf('MatchCompleted', { ticket_id: 'T-1', ... }) // undefined (an output)
 */
export function ticketEntityOf(type: string, event: Record<string, unknown>): string | undefined {
  if (!TICKET_INPUTS.has(type)) return undefined;
  const id = event.ticket_id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
