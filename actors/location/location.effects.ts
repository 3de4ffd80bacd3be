import type { ActorEffect } from '../runtime-contract/index.ts';

/** A recording `effect` implementation: what a location actor asked for, in order. */
export interface LocationEffectRecorder {
  /** Every effect since creation (or the last `take`). */
  readonly effects: ActorEffect[];
  /** Pass as `locationMachine.provide({ actions: { effect: recorder.effect } })`. */
  effect: (_: unknown, params: ActorEffect) => void;
  /** Returns the effects recorded so far and forgets them. */
  take(): ActorEffect[];
}

/**
 * The location machine's stand-in runtime for tests and tools: it records effects instead of
 * performing them. The machine asks for none yet; the tests use it to prove that.
 *
 * @example
 * const rec = locationEffectRecorder();
 * const actor = createActor(locationMachine.provide({ actions: { effect: rec.effect } })).start();
 */
export function locationEffectRecorder(): LocationEffectRecorder {
  const effects: ActorEffect[] = [];
  return {
    effects,
    effect: (_, params) => void effects.push(params),
    take: () => effects.splice(0, effects.length),
  };
}
