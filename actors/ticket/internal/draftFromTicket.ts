import type { CardContent, EventMap } from '../../../schemas/index.ts';
import type { TicketContext } from '../ticket.types.ts';
import { inferSubsystem } from './inferSubsystem.ts';

type Fields<K extends keyof EventMap> = Omit<EventMap[K], 'event_id' | 'occurred_at'>;
type Close = EventMap['TicketClosed'];

/** A symptom text as phrases: split on sentence and list separators, at most 10. */
function phrases(text: string): string[] {
  return text
    .split(/[\n;,.]+/)
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.length > 0)
    .slice(0, 10);
}

/** Id of the card drafted by the n-th close of a ticket: the first keeps the plain form. */
export function draftCardId(ticketId: string, closeCount: number): string {
  return closeCount <= 1 ? `card-from-${ticketId}` : `card-from-${ticketId}-${closeCount}`;
}

/** The content of a card drafted from a ticket solved without one (`field_discovery`). */
export function draftContent(ctx: TicketContext, close: Close): CardContent {
  const { vehicle } = ctx;
  return {
    title: ctx.title,
    description: ctx.symptom_text,
    subsystem: inferSubsystem(`${ctx.title} ${ctx.symptom_text} ${close.root_cause_text} ${close.resolution_text}`),
    // Classifying the failure mode is the reviewing expert's call.
    failure_mode: 'unclassified',
    symptoms: phrases(ctx.symptom_text),
    error_codes: [...ctx.error_codes],
    vehicle_models: [{ make: vehicle.make, model: vehicle.model, year_start: vehicle.year, year_end: vehicle.year }],
    universal_failure: false,
    temperature_range: null,
    load_condition: ctx.load_state,
    root_cause: close.root_cause_text,
    resolution_steps: close.resolution_text
      .split(/\n+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
    required_parts: close.parts_used.map((part_name) => ({ part_name, quantity: 1 })),
    // Time to resolution over-estimates the repair (it includes waiting) but is the only measure.
    estimated_repair_time_minutes: close.time_to_resolution_min,
  };
}

/** CardDrafted and NewFailureDetected for a successful close without any card. */
export function newFailureOutputs(
  ctx: TicketContext,
  close: Close,
  cardId: string,
  technicianId: string | null,
): { drafted: Fields<'CardDrafted'>; detected: Fields<'NewFailureDetected'> } {
  return {
    drafted: {
      card_id: cardId,
      content: draftContent(ctx, close),
      confidence_score: null,
      source_type: 'field_discovery',
      source_ticket_id: ctx.ticket_id,
      drafted_by: technicianId,
    },
    detected: {
      ticket_id: ctx.ticket_id,
      location_id: ctx.location_id,
      technician_id: technicianId,
      draft_card_id: cardId,
      symptom_text: ctx.symptom_text,
      error_codes: [...ctx.error_codes],
      vehicle: { ...ctx.vehicle },
      root_cause_text: close.root_cause_text,
      resolution_text: close.resolution_text,
    },
  };
}
