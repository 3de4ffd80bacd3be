import type { ResolutionOutcome } from '../../../schemas/index.ts';
import type { MatchResultEvent } from '../../runtime-contract/index.ts';
import type { TicketEvent } from '../ticket.types.ts';

/** Builders of ticket input events for the tests beside the machine. */
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const base = { ticket_id: 'T-1', location_id: 'loc-3' };

let seq = 0;
const id = (): string => `00000000-0000-4000-9000-${String(++seq).padStart(12, '0')}`;

export const created = (at = T0): Extract<TicketEvent, { type: 'TicketCreated' }> => ({
  type: 'TicketCreated',
  event_id: id(),
  occurred_at: at,
  ...base,
  technician_id: 'tech-9',
  title: 'Scooter stops charging at 80%',
  description: 'Customer reports the charger light turns red after about two hours; range dropped to 60 km.',
  symptom_text: 'Charging stops at 80%, red charger light. Range dropped',
  error_codes: ['P0A7F', 'U0111'],
  vehicle: { make: 'Ather', model: '450X', year: 2022, vin: 'MA1ATHER0000000042' },
  temperature_ambient: 38,
  vehicle_load_state: 'idle',
});

export const matchResult = (cards: string[]): MatchResultEvent => ({
  type: 'MATCH_RESULT',
  matches: cards.map((card_id, i) => ({ card_id, match_score: 0.9 - i * 0.1, match_type: 'semantic' })),
  manual_review_required: cards.length === 0,
  degraded: false,
  stages_used: ['signature', 'semantic'],
  processing_time_ms: 7,
});

export const step = (at: number, text = 'Measured cell group voltages', card_id: string | null = null): TicketEvent => ({
  type: 'DiagnosticStepRecorded', event_id: id(), occurred_at: at, ...base, technician_id: 'tech-9',
  step: text, result: 'group 7 is 42 mV low', card_id, measurement: '3.61 V', notes: null,
});

export const rejected = (at: number, card_id: string, reason = 'Cell voltages are balanced'): TicketEvent => ({
  type: 'HypothesisRejected', event_id: id(), occurred_at: at, ...base, technician_id: 'tech-9', card_id, reason,
});

export const selected = (at: number, card_id: string): TicketEvent => ({
  type: 'CardSelected', event_id: id(), occurred_at: at, ...base, technician_id: 'tech-9', card_id,
});

export const closed = (
  at: number,
  outcome: ResolutionOutcome,
  { selected_card_id = null, technician_rating = 4 }: { selected_card_id?: string | null; technician_rating?: number | null } = {},
): TicketEvent => ({
  type: 'TicketClosed', event_id: id(), occurred_at: at, ...base, technician_id: 'tech-9',
  resolution_outcome: outcome, selected_card_id, technician_rating,
  time_to_resolution_min: Math.round((at - T0) / 60_000), parts_used: ['charge port fuse'],
  root_cause_text: 'Corroded charge port fuse holder', resolution_text: 'Replaced fuse holder\nCleaned charge port contacts',
});

export const reopened = (at: number): TicketEvent => ({
  type: 'TicketReopened', event_id: id(), occurred_at: at, ...base, technician_id: 'tech-9', reason: 'Same symptom again',
});
