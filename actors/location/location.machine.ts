import { assign, setup } from 'xstate';
import type { ActorEffect } from '../runtime-contract/index.ts';
import type { LocationContext, LocationEvent, LocationInput } from './location.types.ts';

/**
 * Why 100: a location more than 100 card versions behind serves stale matches for a noticeable
 * share of a catalogue of a few thousand cards; the sync issue tunes it to its queue bound.
 */
const DEFAULT_LAG_THRESHOLD = 100;

/** Versions only move forward: a late or repeated ack or head never winds them back. */
function withVersions(ctx: LocationContext, head: number, acked: number, at: number): LocationContext {
  const head_version = Math.max(ctx.head_version, head, acked);
  const acked_version = Math.max(ctx.acked_version, acked);
  const lag = head_version - acked_version;
  return { ...ctx, head_version, acked_version, lag, behind_since: lag === 0 ? null : (ctx.behind_since ?? at) };
}

/**
 * One location's sync session: offline → catching_up (after a connect, until it acknowledges the
 * head it connected at) → online ⇄ lagging (lag above the threshold) → offline on disconnect.
 * Versions and lag are tracked in every state, so a reconnect knows how far behind it starts.
 * It asks the runtime for nothing yet (the sync issue wires its outputs); the `effect` action is
 * declared so every machine has the same contract.
 *
 * @example
 * const actor = createActor(locationMachine, { input: { lagThreshold: 50 } }).start();
 * actor.send({ type: 'LOCATION_CONNECTED', location_id: 'loc-1', at, since: 0 });
 */
export const locationMachine = setup({
  // `| void`, not `| undefined`: XState's inference drops `undefined` and would then require an input.
  types: {} as { context: LocationContext; events: LocationEvent; input: LocationInput | void },
  actions: {
    /** Replaced by the runtime; unused until the sync issue gives this machine outputs. */
    effect: (_, _params: ActorEffect) => {},
    connect: assign(({ context, event }) => {
      if (event.type !== 'LOCATION_CONNECTED') return {};
      const next = withVersions(context, context.head_version, event.since, event.at);
      return { ...next, location_id: event.location_id, connected_at: event.at, catch_up_target: next.head_version };
    }),
    ack: assign(({ context, event }) => {
      if (event.type !== 'SYNC_ACK') return {};
      return { ...withVersions(context, context.head_version, event.version, event.at), location_id: event.location_id, last_ack_at: event.at };
    }),
    advance: assign(({ context, event }) => {
      if (event.type !== 'HEAD_ADVANCED') return {};
      return { ...withVersions(context, event.version, context.acked_version, event.at), location_id: event.location_id };
    }),
    disconnect: assign(({ event }) => (event.type === 'LOCATION_DISCONNECTED' ? { disconnected_at: event.at, catch_up_target: null } : {})),
  },
  guards: {
    caughtUp: ({ context }) => context.catch_up_target === null || context.acked_version >= context.catch_up_target,
    overThreshold: ({ context }) => context.lag > context.lag_threshold,
    withinThreshold: ({ context }) => context.lag <= context.lag_threshold,
  },
}).createMachine({
  id: 'location',
  context: ({ input }) => ({
    location_id: '',
    acked_version: 0,
    head_version: 0,
    lag: 0,
    behind_since: null,
    catch_up_target: null,
    connected_at: null,
    disconnected_at: null,
    last_ack_at: null,
    lag_threshold: (input ?? {}).lagThreshold ?? DEFAULT_LAG_THRESHOLD,
  }),
  initial: 'offline',
  // Acks and head moves count in every state; connects and disconnects are per state.
  on: {
    SYNC_ACK: { actions: 'ack' },
    HEAD_ADVANCED: { actions: 'advance' },
    LOCATION_CONNECTED: { target: '.catching_up', actions: 'connect' },
    LOCATION_DISCONNECTED: { target: '.offline', actions: 'disconnect' },
  },
  states: {
    // A disconnected location's late acks and the head still move the versions (handled above).
    offline: {},
    catching_up: {
      always: { guard: 'caughtUp', target: 'online', actions: assign({ catch_up_target: null }) },
    },
    online: {
      always: { guard: 'overThreshold', target: 'lagging' },
    },
    lagging: {
      always: { guard: 'withinThreshold', target: 'online' },
    },
  },
});
