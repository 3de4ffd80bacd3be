import type { ActorEffect } from '../runtime-contract/index.ts';

/** A recording `effect` implementation: what a ticket actor asked for, in order. */
export interface TicketEffectRecorder {
  /** Every effect since creation (or the last `take`). */
  readonly effects: ActorEffect[];
  /** Pass as `ticketMachine.provide({ actions: { effect: recorder.effect } })`. */
  effect: (_: unknown, params: ActorEffect) => void;
  /** Returns the effects recorded so far and forgets them. */
  take(): ActorEffect[];
}

/**
 * The ticket machine's stand-in runtime for tests and tools: it records effects instead of
 * performing them (the machine's own default `effect` does nothing at all).
 *
 * @example
 * const rec = ticketEffectRecorder();
 * const actor = createActor(ticketMachine.provide({ actions: { effect: rec.effect } })).start();
 * actor.send(created);
 * rec.take(); // [{ type: 'requestMatch', ticket }, { type: 'schedule', name: 'sla', at }]
 */
export function ticketEffectRecorder(): TicketEffectRecorder {
  const effects: ActorEffect[] = [];
  return {
    effects,
    effect: (_, params) => void effects.push(params),
    take: () => effects.splice(0, effects.length),
  };
}
