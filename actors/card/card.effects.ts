import type { ActorEffect } from '../runtime-contract/index.ts';

/** A recording `effect` implementation: what a card actor asked for, in order. */
export interface CardEffectRecorder {
  /** Every effect since creation (or the last `take`). */
  readonly effects: ActorEffect[];
  /** Pass as `cardMachine.provide({ actions: { effect: recorder.effect } })`. */
  effect: (_: unknown, params: ActorEffect) => void;
  /** Returns the effects recorded so far and forgets them. */
  take(): ActorEffect[];
}

/**
 * The card machine's stand-in runtime for tests and tools: it records effects instead of
 * performing them (the machine's own default `effect` does nothing at all).
 *
 * @example
 * const rec = cardEffectRecorder();
 * const actor = createActor(cardMachine.provide({ actions: { effect: rec.effect } })).start();
 * actor.send(drafted);
 * rec.take(); // [{ type: 'output', eventType: 'CardState', event: {...} }]
 */
export function cardEffectRecorder(): CardEffectRecorder {
  const effects: ActorEffect[] = [];
  return {
    effects,
    effect: (_, params) => void effects.push(params),
    take: () => effects.splice(0, effects.length),
  };
}
