import type { CardContent, ResolutionOutcome } from '../../../schemas/index.ts';
import type { CardEvent } from '../card.types.ts';

/** Builders of card input events for the tests beside the machine. */
export const DAY_MS = 24 * 60 * 60 * 1000;
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

export const sampleContent: CardContent = {
  title: 'BMS cell imbalance cuts charging at 80%',
  description: 'Charging stops early; one cell group reads 40 mV lower than the rest.',
  subsystem: 'bms',
  failure_mode: 'degradation',
  symptoms: ['charging stops at 80%', 'range drop'],
  error_codes: ['P0A7F'],
  vehicle_models: [{ make: 'Tata', model: 'Nexon EV', year_start: 2020, year_end: null }],
  universal_failure: false,
  temperature_range: null,
  load_condition: null,
  root_cause: 'Weak cell group 7',
  resolution_steps: ['Balance the pack', 'Replace module 7 if spread > 50 mV'],
  required_parts: [{ part_name: 'cell module', quantity: 1 }],
  estimated_repair_time_minutes: 120,
};

let seq = 0;
const id = (): string => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

export const drafted = (at = T0, confidence: number | null = null, card_id = 'card-1'): CardEvent => ({
  type: 'CardDrafted',
  event_id: id(),
  occurred_at: at,
  card_id,
  content: sampleContent,
  confidence_score: confidence,
  source_type: 'expert_authored',
  source_ticket_id: null,
  drafted_by: 'expert-1',
});
export const submitted = (at: number, card_id = 'card-1'): CardEvent => ({
  type: 'CardSubmitted', event_id: id(), occurred_at: at, card_id, submitted_by: 'expert-1',
});
export const approved = (at: number, card_id = 'card-1'): CardEvent => ({
  type: 'CardApproved', event_id: id(), occurred_at: at, card_id, approver: 'expert-2', notes: null,
});
export const revised = (at: number, content: CardContent, card_id = 'card-1'): CardEvent => ({
  type: 'CardRevised', event_id: id(), occurred_at: at, card_id, content, revised_by: 'expert-1', reason: 'clarify',
});
export const deprecated = (at: number, card_id = 'card-1'): CardEvent => ({
  type: 'CardDeprecated', event_id: id(), occurred_at: at, card_id, reason: 'superseded', deprecated_by: 'expert-2', replaced_by_card_id: null,
});
export const used = (at: number, outcome: ResolutionOutcome, ticket_id = 'ticket-1', card_id = 'card-1'): CardEvent => ({
  type: 'CardUsed', event_id: id(), occurred_at: at, card_id, ticket_id, location_id: 'loc-1', technician_id: 'tech-1', outcome,
});
