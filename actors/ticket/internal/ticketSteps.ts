import type { ActorEffect } from '../../runtime-contract/index.ts';
import type { TicketContext, TicketEvent, TicketResolution } from '../ticket.types.ts';
import { TicketTimer } from '../ticket.types.ts';
import { draftCardId, newFailureOutputs } from './draftFromTicket.ts';

/** What one accepted event does: the next context and the effects to ask the runtime for. */
export interface TicketStepResult {
  context: TicketContext;
  effects: ActorEffect[];
}

type Ev<K extends TicketEvent['type']> = Extract<TicketEvent, { type: K }>;

// Bounds that keep a live ticket actor small (goal ≤ 4 KB without its texts). The full texts
// are on the tickets topic; the actor keeps what the close and the inspection need.
const MAX_STEPS = 10;
const MAX_REJECTED = 20;
const MAX_SUGGESTIONS = 5;
const MAX_TEXT = 120;

const short = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);
const seen = (ctx: TicketContext, at: number): number => Math.max(ctx.last_event_at, at);

export function createTicket(ctx: TicketContext, e: Ev<'TicketCreated'>): TicketStepResult {
  const { type: _type, ...ticket } = e;
  const slaDue = e.occurred_at + ctx.sla_ms;
  return {
    context: {
      ...ctx,
      ticket_id: e.ticket_id,
      location_id: e.location_id,
      technician_id: e.technician_id,
      created_at: e.occurred_at,
      last_event_at: e.occurred_at,
      title: e.title,
      symptom_text: e.symptom_text,
      error_codes: [...e.error_codes],
      vehicle: { ...e.vehicle },
      load_state: e.vehicle_load_state,
      sla_due_at: slaDue,
    },
    effects: [
      { type: 'requestMatch', ticket },
      { type: 'schedule', name: TicketTimer.sla, at: slaDue },
    ],
  };
}

export function matchResult(ctx: TicketContext, e: Ev<'MATCH_RESULT'>): TicketStepResult {
  const matches = e.matches.slice(0, MAX_SUGGESTIONS);
  return {
    context: {
      ...ctx,
      suggestions: matches.map((m, i) => ({ card_id: m.card_id, rank: i + 1, match_score: m.match_score })),
    },
    effects: [
      {
        type: 'output',
        eventType: 'MatchCompleted',
        event: {
          ticket_id: ctx.ticket_id,
          location_id: ctx.location_id,
          matches: matches.map((m) => ({ ...m })),
          stages_used: [...e.stages_used],
          processing_time_ms: e.processing_time_ms,
          manual_review_required: e.manual_review_required,
          degraded: e.degraded,
        },
      },
    ],
  };
}

export function recordStep(ctx: TicketContext, e: Ev<'DiagnosticStepRecorded'>): TicketStepResult {
  const step = { step: short(e.step), result: short(e.result), card_id: e.card_id, at: e.occurred_at };
  return {
    context: { ...ctx, last_event_at: seen(ctx, e.occurred_at), steps_count: ctx.steps_count + 1, steps: [...ctx.steps, step].slice(-MAX_STEPS) },
    effects: [],
  };
}

export function rejectHypothesis(ctx: TicketContext, e: Ev<'HypothesisRejected'>): TicketStepResult {
  // One entry per card (the latest reason); the oldest go first past the bound.
  const others = ctx.rejected.filter((r) => r.card_id !== e.card_id);
  const rejected = [...others, { card_id: e.card_id, reason: short(e.reason), at: e.occurred_at }].slice(-MAX_REJECTED);
  const unselect = ctx.selected_card_id === e.card_id;
  return {
    context: {
      ...ctx,
      last_event_at: seen(ctx, e.occurred_at),
      rejected,
      selected_card_id: unselect ? null : ctx.selected_card_id,
      selected_by: unselect ? null : ctx.selected_by,
    },
    effects: [],
  };
}

export function selectCard(ctx: TicketContext, e: Ev<'CardSelected'>): TicketStepResult {
  return {
    context: { ...ctx, last_event_at: seen(ctx, e.occurred_at), selected_card_id: e.card_id, selected_by: e.technician_id },
    effects: [],
  };
}

function resolutionOf(outcome: Ev<'TicketClosed'>['resolution_outcome'], withCard: boolean): TicketResolution {
  if (withCard) return outcome === 'failure' ? 'unresolved' : 'resolved_with_card';
  return outcome === 'success' ? 'new_failure' : 'unresolved';
}

export function closeTicket(ctx: TicketContext, e: Ev<'TicketClosed'>): TicketStepResult {
  const cardId = e.selected_card_id ?? ctx.selected_card_id;
  const technician = e.technician_id ?? ctx.selected_by ?? ctx.technician_id;
  const resolution = resolutionOf(e.resolution_outcome, cardId !== null);
  const closeCount = ctx.close_count + 1;
  const ratingOk = e.technician_rating === null || (Number.isInteger(e.technician_rating) && e.technician_rating >= 1 && e.technician_rating <= 5);
  const effects: ActorEffect[] = [{ type: 'cancel', name: TicketTimer.sla }];
  let drafted: string | null = ctx.drafted_card_id;
  if (cardId !== null) {
    effects.push({
      type: 'output',
      eventType: 'CardUsed',
      event: { card_id: cardId, ticket_id: ctx.ticket_id, location_id: e.location_id, technician_id: technician, outcome: e.resolution_outcome },
    });
  } else if (resolution === 'new_failure') {
    drafted = draftCardId(ctx.ticket_id, closeCount);
    const out = newFailureOutputs(ctx, e, drafted, technician);
    effects.push({ type: 'output', eventType: 'CardDrafted', event: { ...out.drafted } });
    effects.push({ type: 'output', eventType: 'NewFailureDetected', event: { ...out.detected } });
  }
  effects.push({ type: 'schedule', name: TicketTimer.reopenWindow, at: e.occurred_at + ctx.reopen_window_ms });
  return {
    context: {
      ...ctx,
      last_event_at: seen(ctx, e.occurred_at),
      selected_card_id: cardId,
      outcome: e.resolution_outcome,
      resolution,
      closed_at: e.occurred_at,
      close_count: closeCount,
      technician_rating: ratingOk ? e.technician_rating : null,
      rating_invalid: !ratingOk,
      drafted_card_id: drafted,
      sla_due_at: null,
      reopen_window_closed: false,
    },
    effects,
  };
}

export function reopenTicket(ctx: TicketContext, e: Ev<'TicketReopened'>): TicketStepResult {
  // Decided by event time, not by whether the window timer has fired yet: a late-arriving
  // reopen that happened inside the window still counts, and replays decide the same way.
  const within = ctx.closed_at !== null && e.occurred_at - ctx.closed_at < ctx.reopen_window_ms;
  const slaDue = e.occurred_at + ctx.sla_ms;
  const effects: ActorEffect[] = [];
  if (!ctx.reopen_window_closed) effects.push({ type: 'cancel', name: TicketTimer.reopenWindow });
  effects.push({ type: 'schedule', name: TicketTimer.sla, at: slaDue });
  return {
    context: {
      ...ctx,
      last_event_at: seen(ctx, e.occurred_at),
      reopen_count: ctx.reopen_count + 1,
      reopened_at: e.occurred_at,
      reopened_within_window: ctx.reopened_within_window || within,
      reopen_window_closed: true,
      sla_due_at: slaDue,
    },
    effects,
  };
}

export function slaBreached(ctx: TicketContext, e: Ev<'TIMER'>): TicketStepResult {
  return { context: { ...ctx, last_event_at: seen(ctx, e.at), sla_breached: true, sla_due_at: null }, effects: [] };
}

export function reopenWindowClosed(ctx: TicketContext, e: Ev<'TIMER'>): TicketStepResult {
  return { context: { ...ctx, last_event_at: seen(ctx, e.at), reopen_window_closed: true }, effects: [] };
}
