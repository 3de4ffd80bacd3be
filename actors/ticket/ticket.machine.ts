import { enqueueActions, setup } from 'xstate';
import type { ActorEffect } from '../runtime-contract/index.ts';
import type { TicketStepResult } from './internal/ticketSteps.ts';
import {
  closeTicket,
  createTicket,
  matchResult,
  recordStep,
  rejectHypothesis,
  reopenTicket,
  reopenWindowClosed,
  selectCard,
  slaBreached,
} from './internal/ticketSteps.ts';
import type { TicketContext, TicketEvent, TicketInput, TicketStateValue } from './ticket.types.ts';
import { TicketTimer } from './ticket.types.ts';

/** Why 48 h: the service-level target garages quote for an EV diagnosis; override per run. */
const DEFAULT_SLA_MS = 48 * 60 * 60 * 1000;
/** Why 7 days: the spec's reopen window for first-time fix (and its 7-day feedback delay). */
const DEFAULT_REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Transitions kept for inspection; bounded so a long-lived ticket stays small. */
const HISTORY_LENGTH = 20;

type EffectAction = { type: 'effect'; params: ActorEffect };

/**
 * Applies one pure step and records the transition (`state` = where this transition leads).
 * MATCH_RESULT carries no event time, so history stamps it with the latest time seen.
 */
function apply<E extends TicketEvent>(step: (ctx: TicketContext, event: E) => TicketStepResult, state: TicketStateValue) {
  return enqueueActions<TicketContext, E, undefined, TicketEvent, never, EffectAction, never, never, never>(
    ({ context, event, enqueue }) => {
      const { context: next, effects } = step(context, event);
      const at = 'occurred_at' in event ? event.occurred_at : 'at' in event ? event.at : next.last_event_at;
      const type = event.type === 'TIMER' ? `TIMER:${event.name}` : event.type;
      enqueue.assign({ ...next, history: [...next.history, { state, event: type, at }].slice(-HISTORY_LENGTH) });
      for (const params of effects) enqueue({ type: 'effect', params });
    },
  );
}

/** Events of a ticket being worked on; `state` is where they lead from the given state. */
function working(state: 'diagnosing' | 'reopened') {
  return {
    DiagnosticStepRecorded: { target: state, actions: apply(recordStep, state) },
    HypothesisRejected: { target: state, actions: apply(rejectHypothesis, state) },
    CardSelected: { target: state, actions: apply(selectCard, state) },
    TicketClosed: { target: 'closed', actions: apply(closeTicket, 'closed') },
  } as const;
}

/**
 * One service ticket: idle → matching → suggested → diagnosing → closed → reopened. Pure:
 * matching, outputs (MatchCompleted, CardUsed, CardDrafted, NewFailureDetected) and the SLA and
 * reopen-window timers are described through the `effect` action the runtime provides.
 *
 * There is no resting `open` state: the match is requested in the same step that opens the
 * ticket, so an opened ticket is `matching` at once.
 *
 * @example
 * const actor = createActor(ticketMachine.provide({ actions: { effect: (_, e) => sink.push(e) } })).start();
 * actor.send({ type: 'TicketCreated', ...created }); // effects: requestMatch, schedule sla
 */
export const ticketMachine = setup({
  // `| void`, not `| undefined`: XState's inference drops `undefined` and would then require an input.
  types: {} as { context: TicketContext; events: TicketEvent; input: TicketInput | void },
  actions: {
    /** Replaced by the runtime; the default does nothing so the machine is inert on its own. */
    effect: (_, _params: ActorEffect) => {},
  },
  guards: {
    isSla: ({ event }) => event.type === 'TIMER' && event.name === TicketTimer.sla,
    isReopenWindow: ({ event }) => event.type === 'TIMER' && event.name === TicketTimer.reopenWindow,
  },
}).createMachine({
  id: 'ticket',
  context: ({ input }) => ({
    ticket_id: '',
    location_id: '',
    technician_id: '',
    created_at: 0,
    last_event_at: 0,
    title: '',
    symptom_text: '',
    error_codes: [],
    vehicle: { make: '', model: '', year: 0, vin: '' },
    load_state: null,
    suggestions: [],
    steps_count: 0,
    steps: [],
    rejected: [],
    selected_card_id: null,
    selected_by: null,
    outcome: null,
    resolution: null,
    closed_at: null,
    close_count: 0,
    technician_rating: null,
    rating_invalid: false,
    drafted_card_id: null,
    sla_due_at: null,
    sla_breached: false,
    reopen_count: 0,
    reopened_at: null,
    reopened_within_window: false,
    reopen_window_closed: false,
    history: [],
    sla_ms: (input ?? {}).slaMs ?? DEFAULT_SLA_MS,
    reopen_window_ms: (input ?? {}).reopenWindowMs ?? DEFAULT_REOPEN_WINDOW_MS,
  }),
  initial: 'idle',
  states: {
    idle: {
      on: { TicketCreated: { target: 'matching', actions: apply(createTicket, 'matching') } },
    },
    matching: {
      on: {
        MATCH_RESULT: { target: 'suggested', actions: apply(matchResult, 'suggested') },
        ...working('diagnosing'),
        TIMER: { guard: 'isSla', actions: apply(slaBreached, 'matching') },
      },
    },
    suggested: {
      on: {
        MATCH_RESULT: { actions: apply(matchResult, 'suggested') },
        ...working('diagnosing'),
        TIMER: { guard: 'isSla', actions: apply(slaBreached, 'suggested') },
      },
    },
    diagnosing: {
      on: {
        MATCH_RESULT: { actions: apply(matchResult, 'diagnosing') },
        ...working('diagnosing'),
        TIMER: { guard: 'isSla', actions: apply(slaBreached, 'diagnosing') },
      },
    },
    closed: {
      on: {
        TicketReopened: { target: 'reopened', actions: apply(reopenTicket, 'reopened') },
        TIMER: { guard: 'isReopenWindow', actions: apply(reopenWindowClosed, 'closed') },
      },
    },
    reopened: {
      on: {
        MATCH_RESULT: { actions: apply(matchResult, 'reopened') },
        ...working('reopened'),
        TIMER: { guard: 'isSla', actions: apply(slaBreached, 'reopened') },
      },
    },
  },
});
