import type { EventMap, EventType } from '../../schemas/index.ts';

/**
 * What a machine asks the runtime to do. Machines stay pure: their actions only describe effects
 * as data through the one `effect` action the runtime provides; the runtime makes them durable.
 *
 * - `output`: write an event. `event_id` and `occurred_at` are filled by the runtime from the
 *   input event (a deterministic id and the input's event time), so a replay of the same input
 *   produces byte-identical outputs.
 * - `schedule` / `cancel`: a timer keyed by EVENT time (epoch ms), owned by the runtime so it
 *   survives restore; when the partition's event time passes `at`, the actor receives
 *   `{ type: 'TIMER', name }`.
 * - `requestMatch`: ask the matcher for suggestions; the actor then receives `MATCH_RESULT`.
 */
export type ActorEffect =
  | { type: 'output'; eventType: EventType; event: OutputFields }
  | { type: 'schedule'; name: string; at: number }
  | { type: 'cancel'; name: string }
  | { type: 'requestMatch'; ticket: EventMap['TicketCreated'] };

/** An output event's fields without the two the runtime fills in. */
export type OutputFields = Record<string, unknown>;

/** A timer firing, delivered to the actor that scheduled it. */
export interface TimerEvent {
  type: 'TIMER';
  name: string;
  /** The event time at which it fired (the timer's `at`). */
  at: number;
}

/** The matcher's answer, delivered to the ticket actor that asked. */
export interface MatchResultEvent {
  type: 'MATCH_RESULT';
  matches: { card_id: string; match_score: number; match_type: string }[];
  manual_review_required: boolean;
  degraded: boolean;
  stages_used: string[];
  processing_time_ms: number;
}

/** The action implementations the runtime provides to every machine with `machine.provide({ actions })`. */
export interface EffectPort {
  effect: (_: unknown, params: ActorEffect) => void;
}
