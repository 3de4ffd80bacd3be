import { enqueueActions, setup } from 'xstate';
import type { ActorEffect } from '../runtime-contract/index.ts';
import type { CardContext, CardEvent, CardInput, CardRecord } from './card.types.ts';
import { CardTimer } from './card.types.ts';
import type { CardStep } from './internal/cardSteps.ts';
import { approveCard, deprecateCard, draftCard, reviewOverdue, reviseCard, submitCard, useCard } from './internal/cardSteps.ts';

/**
 * Why 7 days: the same horizon as the ticket reopen window, so a card drafted from a field fix
 * is reviewed before that fix's first-time-fix verdict is final.
 */
const DEFAULT_REVIEW_DEADLINE_MS = 7 * 24 * 60 * 60 * 1000;

type StepOf<E extends CardEvent> = (context: CardContext, card: CardRecord, event: E) => CardStep;

/** Applies one pure step: assign the next context, then hand every effect to the runtime. */
function apply<E extends CardEvent>(step: StepOf<E>) {
  return enqueueActions<CardContext, E, undefined, CardEvent, never, { type: 'effect'; params: ActorEffect }, never, never, never>(
    ({ context, event, enqueue }) => {
      // Guards ensure a card exists in every state but `empty`; the check keeps the types honest.
      if (!context.card) return;
      const { context: next, effects } = step(context, context.card, event);
      enqueue.assign(next);
      for (const params of effects) enqueue({ type: 'effect', params });
    },
  );
}

/**
 * One failure card: draft → pending_review → approved → deprecated, versioned, with the spec's
 * confidence model. Pure: effects (ConfidenceUpdated and CardState outputs, the review-deadline
 * timer) are described through the `effect` action the runtime provides.
 *
 * Accepted per state (anything else is ignored, with no effect):
 * - empty: CardDrafted. - draft: CardSubmitted, CardApproved (imports and expert-authored cards
 *   may skip review), CardRevised, CardDeprecated, CardUsed.
 * - pending_review: CardApproved, CardRevised, CardDeprecated, CardUsed, TIMER review-deadline.
 * - approved: CardRevised (stays approved), CardDeprecated, CardUsed. - deprecated: nothing.
 *
 * @example
 * const actor = createActor(cardMachine.provide({ actions: { effect: (_, e) => sink.push(e) } })).start();
 * actor.send({ type: 'CardDrafted', ...drafted });
 */
export const cardMachine = setup({
  // `| void`, not `| undefined`: XState's inference drops `undefined` and would then require an input.
  types: {} as { context: CardContext; events: CardEvent; input: CardInput | void },
  actions: {
    /** Replaced by the runtime; the default does nothing so the machine is inert on its own. */
    effect: (_, _params: ActorEffect) => {},
  },
  guards: {
    isReviewDeadline: ({ event }) => event.type === 'TIMER' && event.name === CardTimer.reviewDeadline,
  },
}).createMachine({
  id: 'card',
  context: ({ input }) => ({
    card: null,
    review_due_at: null,
    review_overdue: false,
    review_deadline_ms: (input ?? {}).reviewDeadlineMs ?? DEFAULT_REVIEW_DEADLINE_MS,
  }),
  initial: 'empty',
  states: {
    empty: {
      on: {
        CardDrafted: {
          target: 'draft',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const { context: next, effects } = draftCard(context, event);
            enqueue.assign(next);
            for (const params of effects) enqueue({ type: 'effect', params });
          }),
        },
      },
    },
    draft: {
      on: {
        CardSubmitted: { target: 'pending_review', actions: apply(submitCard) },
        CardApproved: { target: 'approved', actions: apply(approveCard) },
        CardRevised: { actions: apply(reviseCard) },
        CardDeprecated: { target: 'deprecated', actions: apply(deprecateCard) },
        CardUsed: { actions: apply(useCard) },
      },
    },
    pending_review: {
      on: {
        CardApproved: { target: 'approved', actions: apply(approveCard) },
        CardRevised: { actions: apply(reviseCard) },
        CardDeprecated: { target: 'deprecated', actions: apply(deprecateCard) },
        CardUsed: { actions: apply(useCard) },
        TIMER: { guard: 'isReviewDeadline', actions: apply(reviewOverdue) },
      },
    },
    approved: {
      on: {
        CardRevised: { actions: apply(reviseCard) },
        CardDeprecated: { target: 'deprecated', actions: apply(deprecateCard) },
        CardUsed: { actions: apply(useCard) },
      },
    },
    // Not `type: 'final'`: a final machine stops, and a stopped actor cannot be restored and
    // asked about its state like every other card.
    deprecated: {},
  },
});
