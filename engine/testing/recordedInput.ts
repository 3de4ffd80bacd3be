import type { CardApproved, CardDrafted, CardSelected, CardSubmitted, DiagnosticStepRecorded, HypothesisRejected, TicketClosed, TicketCreated, TicketReopened } from '../../schemas/index.ts';

/** A recorded input: JSON-lines bodies ready for `efi produce`, per input topic. */
export interface RecordedInput {
  cards: string[];
  tickets: string[];
  /** Card ids drafted by the recording (approved ones and the few left in review). */
  cardIds: string[];
}

export interface RecordedInputOptions {
  tickets?: number;
  cards?: number;
  locations?: number;
  seed?: number;
  startTime?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A deterministic history for crash and replay tests: approved cards, then tickets across
 * `locations` garages that are diagnosed, matched to a card (or not) and closed with outcomes,
 * some reopened inside and outside the 7-day window. Every event has a fixed `event_id`.
 *
 * Each card is used only by tickets of one location, and every card is approved right after it
 * is submitted. Outcomes reach a card through the log from the ticket partitions, so how
 * partitions interleave decides (a) the order of one card's outcomes when they come from several
 * locations — the confidence formula is order-sensitive — and (b) where in a card's own events
 * the cards partition's event time passes a pending card's review deadline. Both are real
 * properties of the engine (see the actor issue's notes); this recording avoids them so that two
 * runs can be compared byte for byte.
 *
 * @example
 * const { cards, tickets } = recordedInput({ tickets: 5_000 }); // > 20,000 events
 */
export function recordedInput({ tickets = 5_000, cards = 120, locations = 12, seed = 7, startTime = Date.UTC(2026, 9, 1) }: RecordedInputOptions = {}): RecordedInput {
  const random = mulberry32(seed);
  let n = 0;
  const id = (): string => `00000000-0000-4000-9000-${(n++).toString(16).padStart(12, '0')}`;
  const cardLines: string[] = [];
  const cardIds: string[] = [];
  for (let c = 0; c < cards; c++) {
    const card_id = `card-${String(c).padStart(4, '0')}`;
    cardIds.push(card_id);
    const at = startTime + c * 60_000;
    const drafted: CardDrafted = {
      event_id: id(),
      occurred_at: at,
      card_id,
      content: {
        title: `Failure ${c}`,
        description: `Documented failure number ${c}`,
        subsystem: (['battery', 'bms', 'motor', 'charger', 'thermal'] as const)[c % 5]!,
        failure_mode: `mode-${c % 17}`,
        symptoms: [`symptom ${c % 23}`, `noise ${c % 7}`],
        error_codes: [`P0A${(c % 90) + 10}`],
        vehicle_models: [{ make: 'Tata', model: 'Nexon EV', year_start: 2020, year_end: 2024 }],
        universal_failure: c % 11 === 0,
        temperature_range: null,
        load_condition: null,
        root_cause: `root cause ${c}`,
        resolution_steps: ['inspect', 'replace part', 'verify'],
        required_parts: [{ part_name: `part-${c % 13}`, quantity: 1 }],
        estimated_repair_time_minutes: 30 + (c % 5) * 15,
      },
      confidence_score: c % 3 === 0 ? 0.6 : null,
      source_type: 'expert_authored',
      source_ticket_id: null,
      drafted_by: 'expert-1',
    };
    cardLines.push(line('CardDrafted', drafted));
    const submitted: CardSubmitted = { event_id: id(), occurred_at: at + 1_000, card_id, submitted_by: 'expert-1' };
    cardLines.push(line('CardSubmitted', submitted));
    const approved: CardApproved = { event_id: id(), occurred_at: at + 2_000, card_id, approver: 'expert-2', notes: null };
    cardLines.push(line('CardApproved', approved));
  }

  type Timed = { at: number; text: string };
  const ticketEvents: Timed[] = [];
  const ticketStart = startTime + cards * 60_000;
  for (let t = 0; t < tickets; t++) {
    const location = t % locations;
    const location_id = `LOC-${String(location).padStart(2, '0')}`;
    const ticket_id = `T-${String(t).padStart(6, '0')}`;
    const technician_id = `tech-${location}-${t % 5}`;
    const at = ticketStart + t * 5 * 60_000;
    const homeCards = cardIds.filter((_, c) => c % locations === location);
    const card = homeCards[Math.floor(random() * homeCards.length)]!;
    const created: TicketCreated = {
      event_id: id(), occurred_at: at, ticket_id, location_id, technician_id, title: `Ticket ${t}`, description: 'intermittent fault',
      symptom_text: `symptom ${t % 23}`, error_codes: [`P0A${(t % 90) + 10}`], vehicle: { make: 'Tata', model: 'Nexon EV', year: 2022, vin: `VIN${String(t).padStart(14, '0')}` },
      temperature_ambient: 30, vehicle_load_state: null,
    };
    ticketEvents.push({ at, text: line('TicketCreated', created) });
    const step: DiagnosticStepRecorded = { event_id: id(), occurred_at: at + 10 * 60_000, ticket_id, location_id, technician_id, step: 'check codes', result: 'codes read', card_id: null, measurement: null, notes: null };
    ticketEvents.push({ at: step.occurred_at, text: line('DiagnosticStepRecorded', step) });
    const roll = random();
    let selected: string | null = null;
    if (roll < 0.1) {
      const rejected: HypothesisRejected = { event_id: id(), occurred_at: at + 15 * 60_000, ticket_id, location_id, technician_id, card_id: card, reason: 'symptom does not match' };
      ticketEvents.push({ at: rejected.occurred_at, text: line('HypothesisRejected', rejected) });
    } else if (roll < 0.85) {
      selected = card;
      const sel: CardSelected = { event_id: id(), occurred_at: at + 20 * 60_000, ticket_id, location_id, technician_id, card_id: card };
      ticketEvents.push({ at: sel.occurred_at, text: line('CardSelected', sel) });
    }
    const outcomeRoll = random();
    const outcome = outcomeRoll < 0.7 ? 'success' : outcomeRoll < 0.8 ? 'partial' : 'failure';
    const closedAt = at + HOUR;
    const closed: TicketClosed = {
      event_id: id(), occurred_at: closedAt, ticket_id, location_id, technician_id, resolution_outcome: outcome, selected_card_id: selected,
      technician_rating: 1 + (t % 5), time_to_resolution_min: 60, parts_used: [], root_cause_text: `cause ${t % 31}`, resolution_text: `fixed ${t % 29}`,
    };
    ticketEvents.push({ at: closedAt, text: line('TicketClosed', closed) });
    if (t % 25 === 3) {
      const reopenAt = closedAt + (t % 50 === 3 ? 2 * DAY : 9 * DAY);
      const reopened: TicketReopened = { event_id: id(), occurred_at: reopenAt, ticket_id, location_id, technician_id, reason: 'fault came back' };
      ticketEvents.push({ at: reopenAt, text: line('TicketReopened', reopened) });
    }
  }
  ticketEvents.sort((a, b) => a.at - b.at);
  return { cards: cardLines, tickets: ticketEvents.map((e) => e.text), cardIds };
}

function line(type: string, event: object): string {
  return JSON.stringify({ type, ...event });
}

/** A tiny seeded PRNG: the same seed gives the same recording on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
