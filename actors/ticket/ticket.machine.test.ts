import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import type { ActorEffect } from '../runtime-contract/index.ts';
import { closed, created, DAY_MS, HOUR_MS, matchResult, rejected, reopened, selected, step, T0 } from './internal/ticketTestEvents.ts';
import { ticketEffectRecorder } from './ticket.effects.ts';
import { ticketMachine } from './ticket.machine.ts';
import type { TicketEvent, TicketInput } from './ticket.types.ts';

function start(events: TicketEvent[] = [], input?: TicketInput) {
  const rec = ticketEffectRecorder();
  const actor = createActor(ticketMachine.provide({ actions: { effect: rec.effect } }), { input }).start();
  for (const e of events) actor.send(e);
  return { actor, rec };
}

const outputs = (effects: ActorEffect[]) =>
  effects.flatMap((e) => (e.type === 'output' ? [[e.eventType, e.event] as const] : []));

describe('ticketMachine', () => {
  describe('when a ticket is created', () => {
    it('requests a match and schedules the SLA 48 h later', () => {
      const c = created();
      const { actor, rec } = start([c]);
      const { type: _t, ...ticket } = c;
      expect(actor.getSnapshot().value).toBe('matching');
      expect(rec.effects).toEqual([
        { type: 'requestMatch', ticket },
        { type: 'schedule', name: 'sla', at: T0 + 48 * HOUR_MS },
      ]);
      expect(actor.getSnapshot().context).toMatchObject({ ticket_id: 'T-1', location_id: 'loc-3', sla_due_at: T0 + 48 * HOUR_MS });
    });

    it('takes the SLA from the input', () => {
      const { rec } = start([created()], { slaMs: HOUR_MS });
      expect(rec.effects[1]).toEqual({ type: 'schedule', name: 'sla', at: T0 + HOUR_MS });
    });

    it('ignores other events before it, and a second TicketCreated', () => {
      const { actor, rec } = start([step(T0), closed(T0, 'success')]);
      expect(actor.getSnapshot().value).toBe('idle');
      expect(rec.effects).toEqual([]);
      actor.send(created());
      rec.take();
      actor.send(created(T0 + 5));
      expect(rec.effects).toEqual([]);
      expect(actor.getSnapshot().context.created_at).toBe(T0);
    });
  });

  describe('when the match result arrives', () => {
    it('stores ranked suggestions and emits MatchCompleted', () => {
      const { actor, rec } = start([created()]);
      rec.take();
      actor.send(matchResult(['card-a', 'card-b']));
      expect(actor.getSnapshot().value).toBe('suggested');
      expect(actor.getSnapshot().context.suggestions).toEqual([
        { card_id: 'card-a', rank: 1, match_score: 0.9 },
        { card_id: 'card-b', rank: 2, match_score: 0.8 },
      ]);
      expect(outputs(rec.effects)).toEqual([
        ['MatchCompleted', {
          ticket_id: 'T-1', location_id: 'loc-3',
          matches: [{ card_id: 'card-a', match_score: 0.9, match_type: 'semantic' }, { card_id: 'card-b', match_score: 0.8, match_type: 'semantic' }],
          stages_used: ['signature', 'semantic'], processing_time_ms: 7, manual_review_required: false, degraded: false,
        }],
      ]);
    });
  });

  describe('when the technician diagnoses', () => {
    it('counts steps, keeps the latest ten with shortened texts, and records rejections and the selection', () => {
      const long = 'x'.repeat(500);
      const steps = Array.from({ length: 12 }, (_, i) => step(T0 + i + 1, i === 11 ? long : `step ${i}`));
      const { actor } = start([created(), matchResult(['card-a', 'card-b']), ...steps, rejected(T0 + 20, 'card-a'), selected(T0 + 21, 'card-b')]);
      const ctx = actor.getSnapshot().context;
      expect(actor.getSnapshot().value).toBe('diagnosing');
      expect(ctx.steps_count).toBe(12);
      expect(ctx.steps).toHaveLength(10);
      expect(ctx.steps[0]!.step).toBe('step 2');
      expect(ctx.steps[9]!.step.length).toBe(120);
      expect(ctx.rejected).toEqual([{ card_id: 'card-a', reason: 'Cell voltages are balanced', at: T0 + 20 }]);
      expect(ctx.selected_card_id).toBe('card-b');
    });

    it('drops the selection when the selected card is rejected', () => {
      const { actor } = start([created(), selected(T0 + 1, 'card-a'), rejected(T0 + 2, 'card-a')]);
      expect(actor.getSnapshot().context.selected_card_id).toBeNull();
    });
  });

  describe('when the ticket closes with a selected card', () => {
    it('tells the card the outcome, cancels the SLA and opens the 7-day reopen window', () => {
      const { actor, rec } = start([created(), matchResult(['card-a']), selected(T0 + 1, 'card-a')]);
      rec.take();
      actor.send(closed(T0 + 2 * HOUR_MS, 'failure'));
      expect(actor.getSnapshot().value).toBe('closed');
      expect(actor.getSnapshot().context).toMatchObject({ resolution: 'unresolved', outcome: 'failure', closed_at: T0 + 2 * HOUR_MS });
      expect(rec.effects).toEqual([
        { type: 'cancel', name: 'sla' },
        { type: 'output', eventType: 'CardUsed', event: { card_id: 'card-a', ticket_id: 'T-1', location_id: 'loc-3', technician_id: 'tech-9', outcome: 'failure' } },
        { type: 'schedule', name: 'reopen-window', at: T0 + 2 * HOUR_MS + 7 * DAY_MS },
      ]);
    });

    it('takes the card named by the close over the earlier selection', () => {
      const { actor, rec } = start([created(), selected(T0 + 1, 'card-a'), closed(T0 + 2, 'success', { selected_card_id: 'card-z' })]);
      expect(actor.getSnapshot().context.resolution).toBe('resolved_with_card');
      expect(outputs(rec.effects).filter(([t]) => t === 'CardUsed').map(([, e]) => e.card_id)).toEqual(['card-z']);
    });

    it('drops an out-of-range rating', () => {
      const { actor } = start([created(), closed(T0 + 2, 'partial', { selected_card_id: 'card-a', technician_rating: 9 })]);
      expect(actor.getSnapshot().context).toMatchObject({ technician_rating: null, rating_invalid: true, resolution: 'resolved_with_card' });
    });
  });

  describe('when the ticket closes successfully without any card', () => {
    it('drafts a field-discovery card from the ticket and emits NewFailureDetected', () => {
      const { actor, rec } = start([created(), matchResult([])]);
      rec.take();
      actor.send(closed(T0 + 3 * HOUR_MS, 'success'));
      const ctx = actor.getSnapshot().context;
      expect(ctx).toMatchObject({ resolution: 'new_failure', drafted_card_id: 'card-from-T-1' });
      const [[draftType, draft], [detType, detected]] = outputs(rec.effects) as unknown as [[string, Record<string, any>], [string, Record<string, any>]];
      expect(draftType).toBe('CardDrafted');
      expect(draft).toMatchObject({
        card_id: 'card-from-T-1', source_type: 'field_discovery', source_ticket_id: 'T-1', confidence_score: null, drafted_by: 'tech-9',
        content: {
          title: 'Scooter stops charging at 80%', subsystem: 'charger', symptoms: ['charging stops at 80%', 'red charger light', 'range dropped'],
          error_codes: ['P0A7F', 'U0111'], vehicle_models: [{ make: 'Ather', model: '450X', year_start: 2022, year_end: 2022 }],
          root_cause: 'Corroded charge port fuse holder', resolution_steps: ['Replaced fuse holder', 'Cleaned charge port contacts'],
          required_parts: [{ part_name: 'charge port fuse', quantity: 1 }], estimated_repair_time_minutes: 180, load_condition: 'idle',
        },
      });
      expect(detType).toBe('NewFailureDetected');
      expect(detected).toMatchObject({ ticket_id: 'T-1', draft_card_id: 'card-from-T-1', error_codes: ['P0A7F', 'U0111'], vehicle: { vin: 'MA1ATHER0000000042' } });
    });

    it('leaves a failed or partial close without a card unresolved, with no outputs', () => {
      for (const outcome of ['failure', 'partial'] as const) {
        const { actor, rec } = start([created()]);
        rec.take();
        actor.send(closed(T0 + 1, outcome));
        expect(actor.getSnapshot().context.resolution).toBe('unresolved');
        expect(outputs(rec.effects)).toEqual([]);
      }
    });
  });

  describe('when the ticket is reopened', () => {
    it('counts against first-time fix inside the 7-day window and re-arms the SLA', () => {
      const { actor, rec } = start([created(), selected(T0, 'card-a'), closed(T0 + HOUR_MS, 'success')]);
      rec.take();
      const at = T0 + HOUR_MS + 6 * DAY_MS;
      actor.send(reopened(at));
      expect(actor.getSnapshot().value).toBe('reopened');
      expect(actor.getSnapshot().context).toMatchObject({ reopen_count: 1, reopened_within_window: true, reopened_at: at });
      expect(rec.effects).toEqual([
        { type: 'cancel', name: 'reopen-window' },
        { type: 'schedule', name: 'sla', at: at + 48 * HOUR_MS },
      ]);
    });

    it('does not count after the window, by event time or after the window timer fired', () => {
      const late = start([created(), closed(T0 + HOUR_MS, 'failure'), reopened(T0 + HOUR_MS + 7 * DAY_MS)]);
      expect(late.actor.getSnapshot().context.reopened_within_window).toBe(false);

      const { actor, rec } = start([created(), closed(T0 + HOUR_MS, 'failure')]);
      actor.send({ type: 'TIMER', name: 'reopen-window', at: T0 + HOUR_MS + 7 * DAY_MS });
      expect(actor.getSnapshot().context.reopen_window_closed).toBe(true);
      rec.take();
      actor.send(reopened(T0 + 30 * DAY_MS));
      expect(actor.getSnapshot().context.reopened_within_window).toBe(false);
      expect(rec.effects.some((e) => e.type === 'cancel')).toBe(false);
    });

    it('can be worked on and closed again, drafting under a new card id', () => {
      const { actor, rec } = start([created(), closed(T0 + 1, 'success'), reopened(T0 + 2), step(T0 + 3)]);
      expect(actor.getSnapshot().value).toBe('reopened');
      rec.take();
      actor.send(closed(T0 + 4, 'success'));
      expect(actor.getSnapshot().context).toMatchObject({ close_count: 2, drafted_card_id: 'card-from-T-1-2' });
      expect(outputs(rec.effects).map(([t]) => t)).toEqual(['CardDrafted', 'NewFailureDetected']);
    });
  });

  describe('when the SLA timer fires', () => {
    it('flags an open ticket as breached and ignores the timer once closed', () => {
      const open = start([created(), matchResult([])]);
      open.actor.send({ type: 'TIMER', name: 'sla', at: T0 + 48 * HOUR_MS });
      expect(open.actor.getSnapshot().context.sla_breached).toBe(true);
      expect(open.actor.getSnapshot().value).toBe('suggested');

      const done = start([created(), closed(T0 + 1, 'failure')]);
      done.actor.send({ type: 'TIMER', name: 'sla', at: T0 + 48 * HOUR_MS });
      expect(done.actor.getSnapshot().context.sla_breached).toBe(false);
    });
  });

  describe('when transitions are inspected', () => {
    it('keeps the last 20 with state, event and time', () => {
      const steps = Array.from({ length: 25 }, (_, i) => step(T0 + i + 1));
      const { actor } = start([created(), matchResult([]), ...steps]);
      const { history } = actor.getSnapshot().context;
      expect(history).toHaveLength(20);
      expect(history.at(-1)).toEqual({ state: 'diagnosing', event: 'DiagnosticStepRecorded', at: T0 + 25 });
      const first = start([created(), matchResult([])]).actor.getSnapshot().context.history;
      expect(first).toEqual([
        { state: 'matching', event: 'TicketCreated', at: T0 },
        { state: 'suggested', event: 'MATCH_RESULT', at: T0 },
      ]);
    });
  });
});

describe('ticketMachine persistence', () => {
  const head = [created(), matchResult(['card-a', 'card-b', 'card-c', 'card-d', 'card-e']), step(T0 + 1), rejected(T0 + 2, 'card-a')];
  const tail: TicketEvent[] = [
    step(T0 + 3, 'Checked charge port fuse', 'card-b'),
    selected(T0 + 4, 'card-b'),
    { type: 'TIMER', name: 'sla', at: T0 + 48 * HOUR_MS },
    closed(T0 + 49 * HOUR_MS, 'success'),
    reopened(T0 + 50 * HOUR_MS),
    closed(T0 + 51 * HOUR_MS, 'success'),
  ];

  describe('when the snapshot is persisted and restored', () => {
    it('continues identically after a JSON round trip', () => {
      const straight = start([...head, ...tail]);
      const first = start(head);
      const persisted = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot()));
      const rec = ticketEffectRecorder();
      const restored = createActor(ticketMachine.provide({ actions: { effect: rec.effect } }), { snapshot: persisted }).start();
      for (const e of tail) restored.send(e);

      expect(restored.getSnapshot().value).toBe('closed');
      expect(restored.getSnapshot().context).toEqual(straight.actor.getSnapshot().context);
      expect(rec.effects).toEqual(straight.rec.effects.slice(-rec.effects.length));
      expect(rec.effects.length).toBeGreaterThan(0);
      expect(JSON.stringify(restored.getPersistedSnapshot())).toBe(JSON.stringify(straight.actor.getPersistedSnapshot()));
    });
  });

  describe('when a typical live ticket is serialized', () => {
    it('stays within 4 KB without its text fields', () => {
      const { actor } = start([...head, ...tail.slice(0, 3)]);
      const snap = actor.getPersistedSnapshot() as unknown as { context: Record<string, unknown> };
      const ctx = snap.context as { steps: { step: string; result: string }[]; rejected: { reason: string }[] };
      const withoutTexts = {
        ...snap,
        context: {
          ...snap.context,
          title: '',
          symptom_text: '',
          steps: ctx.steps.map((s) => ({ ...s, step: '', result: '' })),
          rejected: ctx.rejected.map((r) => ({ ...r, reason: '' })),
        },
      };
      expect(JSON.stringify(withoutTexts).length).toBeLessThanOrEqual(4096);
    });
  });
});
