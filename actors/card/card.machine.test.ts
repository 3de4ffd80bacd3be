import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ActorEffect } from '../runtime-contract/index.ts';
import { cardEffectRecorder } from './card.effects.ts';
import { cardMachine } from './card.machine.ts';
import type { CardEvent } from './card.types.ts';
import { confidenceAfterOutcome } from './confidence.ts';
import { approved, DAY_MS, deprecated, drafted, revised, sampleContent, submitted, T0, used } from './internal/cardTestEvents.ts';

function start(events: CardEvent[] = []) {
  const rec = cardEffectRecorder();
  const machine = cardMachine.provide({ actions: { effect: rec.effect } });
  const actor = createActor(machine).start();
  for (const e of events) actor.send(e);
  return { actor, rec, machine };
}

const outputsOf = (effects: ActorEffect[], eventType: string) =>
  effects.flatMap((e) => (e.type === 'output' && e.eventType === eventType ? [e.event] : []));

describe('cardMachine', () => {
  describe('when a card is drafted', () => {
    it('creates version 1 in draft with the default confidence and writes its state', () => {
      const { actor, rec } = start([drafted()]);
      const snap = actor.getSnapshot();
      expect(snap.value).toBe('draft');
      expect(snap.context.card).toMatchObject({ card_id: 'card-1', version: 1, status: 'draft', confidence_score: 0.5, confidence_level: 'medium', created_at: T0 });
      expect(rec.effects).toEqual([{ type: 'output', eventType: 'CardState', event: snap.context.card }]);
    });

    it('takes an explicit initial confidence', () => {
      const { actor } = start([drafted(T0, 0.92)]);
      expect(actor.getSnapshot().context.card).toMatchObject({ confidence_score: 0.92, confidence_level: 'verified' });
    });

    it('ignores events that arrive before the draft, and a second draft', () => {
      const { actor, rec } = start([used(T0, 'success'), approved(T0)]);
      expect(actor.getSnapshot().value).toBe('empty');
      expect(rec.effects).toEqual([]);
      actor.send(drafted(T0 + 1));
      rec.take();
      actor.send(drafted(T0 + 2, 0.9));
      expect(actor.getSnapshot().context.card?.confidence_score).toBe(0.5);
      expect(rec.effects).toEqual([]);
    });
  });

  describe('when a card is submitted for review', () => {
    it('moves to pending_review and schedules the review deadline 7 days later', () => {
      const { actor, rec } = start([drafted()]);
      rec.take();
      actor.send(submitted(T0 + 1000));
      expect(actor.getSnapshot().value).toBe('pending_review');
      expect(rec.effects[0]).toEqual({ type: 'schedule', name: 'review-deadline', at: T0 + 1000 + 7 * DAY_MS });
      expect(outputsOf(rec.effects, 'CardState')).toHaveLength(1);
    });

    it('flags the card when the deadline passes still pending, and clears the flag on approval', () => {
      const { actor, rec } = start([drafted(), submitted(T0)]);
      rec.take();
      actor.send({ type: 'TIMER', name: 'review-deadline', at: T0 + 7 * DAY_MS });
      expect(actor.getSnapshot().context).toMatchObject({ review_overdue: true, card: { flagged_for_review: true, status: 'pending_review' } });
      expect(outputsOf(rec.take(), 'CardState')).toEqual([actor.getSnapshot().context.card]);
      actor.send(approved(T0 + 8 * DAY_MS));
      expect(actor.getSnapshot().context.card?.flagged_for_review).toBe(false);
      // The timer already fired: nothing to cancel.
      expect(rec.effects.some((e) => e.type === 'cancel')).toBe(false);
    });

    it('ignores timers with another name', () => {
      const { actor, rec } = start([drafted(), submitted(T0)]);
      rec.take();
      actor.send({ type: 'TIMER', name: 'sla', at: T0 + 7 * DAY_MS });
      expect(actor.getSnapshot().context.review_overdue).toBe(false);
      expect(rec.effects).toEqual([]);
    });
  });

  describe('when an expert approves', () => {
    it('adds 0.2, records the change, cancels the deadline and emits ConfidenceUpdated then CardState', () => {
      const { actor, rec } = start([drafted(), submitted(T0)]);
      rec.take();
      actor.send(approved(T0 + 5));
      const card = actor.getSnapshot().context.card!;
      expect(actor.getSnapshot().value).toBe('approved');
      expect(card).toMatchObject({ status: 'approved', confidence_score: 0.7, confidence_level: 'high', approved_by: 'expert-2', approved_at: T0 + 5 });
      expect(card.confidence_history).toEqual([
        { previous_score: 0.5, new_score: 0.7, reason: 'expert_approval', ticket_id: null, technician_id: null, at: T0 + 5 },
      ]);
      expect(rec.effects).toEqual([
        { type: 'cancel', name: 'review-deadline' },
        { type: 'output', eventType: 'ConfidenceUpdated', event: { card_id: 'card-1', previous_score: 0.5, new_score: 0.7, reason: 'expert_approval', ticket_id: null, technician_id: null, level: 'high' } },
        { type: 'output', eventType: 'CardState', event: card },
      ]);
    });

    it('approves straight from draft (imports, expert-authored cards) and caps at 1', () => {
      const { actor, rec } = start([drafted(T0, 0.95)]);
      rec.take();
      actor.send(approved(T0 + 5));
      expect(actor.getSnapshot().context.card).toMatchObject({ status: 'approved', confidence_score: 1 });
      expect(rec.effects.some((e) => e.type === 'cancel')).toBe(false);
    });

    it('does not approve an approved card twice', () => {
      const { actor, rec } = start([drafted(), approved(T0 + 1)]);
      rec.take();
      actor.send(approved(T0 + 2));
      expect(actor.getSnapshot().context.card?.confidence_score).toBe(0.7);
      expect(rec.effects).toEqual([]);
    });
  });

  describe('when the content is revised', () => {
    it('replaces it, bumps the version and keeps an approved card approved', () => {
      const { actor, rec } = start([drafted(), approved(T0 + 1)]);
      rec.take();
      const content = { ...sampleContent, title: 'BMS cell imbalance (revised)' };
      actor.send(revised(T0 + 2, content));
      actor.send(revised(T0 + 3, content));
      expect(actor.getSnapshot().value).toBe('approved');
      expect(actor.getSnapshot().context.card).toMatchObject({ version: 3, content, updated_at: T0 + 3, confidence_score: 0.7 });
      expect(outputsOf(rec.effects, 'CardState')).toHaveLength(2);
      expect(outputsOf(rec.effects, 'ConfidenceUpdated')).toHaveLength(0);
    });
  });

  describe('when a ticket closes with the card', () => {
    it('counts usage, moves confidence by the outcome and records ticket and technician', () => {
      const { actor, rec } = start([drafted(), approved(T0)]);
      rec.take();
      actor.send(used(T0 + 10, 'success', 't-1'));
      actor.send(used(T0 + 20, 'failure', 't-2'));
      actor.send(used(T0 + 30, 'partial', 't-3'));
      const card = actor.getSnapshot().context.card!;
      const expected = confidenceAfterOutcome(confidenceAfterOutcome(0.7, 'success'), 'failure');
      expect(card).toMatchObject({ usage_count: 3, success_count: 1, failure_count: 1, confidence_score: expected, last_used_at: T0 + 30 });
      expect(card.effectiveness_score).toBeCloseTo(1 / 3 + 0.03, 12);
      expect(card.confidence_history.slice(1).map((h) => [h.reason, h.ticket_id, h.technician_id])).toEqual([
        ['usage_success', 't-1', 'tech-1'],
        ['usage_failure', 't-2', 'tech-1'],
      ]);
      // partial: usage counted and state written, but no score change, so no ConfidenceUpdated.
      expect(outputsOf(rec.effects, 'ConfidenceUpdated')).toHaveLength(2);
      expect(outputsOf(rec.effects, 'CardState')).toHaveLength(3);
    });

    it('flags an approved card used more than 10 times with effectiveness below 0.5', () => {
      const events = [drafted(), approved(T0), ...Array.from({ length: 11 }, (_, i) => used(T0 + i + 1, 'failure', `t-${i}`))];
      const { actor } = start(events);
      expect(actor.getSnapshot().context.card).toMatchObject({ usage_count: 11, flagged_for_review: true });
    });

    it('applies outcomes in the order given: the final score is the ordered fold', () => {
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.array(fc.constantFrom('success' as const, 'failure' as const, 'partial' as const), { maxLength: 40 }),
          (initial, outcomes) => {
            const { actor } = start([drafted(T0, initial), ...outcomes.map((o, i) => used(T0 + i + 1, o, `t-${i}`))]);
            const card = actor.getSnapshot().context.card!;
            expect(card.confidence_score).toBe(outcomes.reduce((c: number, o) => confidenceAfterOutcome(c, o), initial));
            expect(card.usage_count).toBe(outcomes.length);
            for (const [i, h] of card.confidence_history.entries()) {
              if (i > 0) expect(h.previous_score).toBe(card.confidence_history[i - 1]!.new_score);
            }
          },
        ),
        { numRuns: 60 },
      );
    });
  });

  describe('when the card is deprecated', () => {
    it('stops counting usage and accepts no further changes', () => {
      const { actor, rec } = start([drafted(), submitted(T0), deprecated(T0 + 1)]);
      expect(rec.effects).toContainEqual({ type: 'cancel', name: 'review-deadline' });
      rec.take();
      actor.send(used(T0 + 2, 'success'));
      actor.send(revised(T0 + 3, sampleContent));
      actor.send(approved(T0 + 4));
      expect(actor.getSnapshot().value).toBe('deprecated');
      expect(actor.getSnapshot().context.card).toMatchObject({ usage_count: 0, version: 1, deprecation_reason: 'superseded', deprecated_at: T0 + 1 });
      expect(rec.effects).toEqual([]);
    });
  });

  describe('when the snapshot is persisted and restored', () => {
    it('continues identically after a JSON round trip', () => {
      const head = [drafted(), submitted(T0)];
      const tail = [approved(T0 + 1), used(T0 + 2, 'success'), used(T0 + 3, 'failure'), revised(T0 + 4, sampleContent)];
      const straight = start([...head, ...tail]);

      const first = start(head);
      const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
      first.rec.take();
      const rec = cardEffectRecorder();
      const restored = createActor(cardMachine.provide({ actions: { effect: rec.effect } }), { snapshot: persisted }).start();
      for (const e of tail) restored.send(e);

      expect(restored.getSnapshot().value).toBe(straight.actor.getSnapshot().value);
      expect(restored.getSnapshot().context).toEqual(straight.actor.getSnapshot().context);
      expect(rec.effects).toEqual(straight.rec.effects.slice(-rec.effects.length));
      expect(JSON.stringify(restored.getPersistedSnapshot())).toBe(JSON.stringify(straight.actor.getPersistedSnapshot()));
    });
  });
});
