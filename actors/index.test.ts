import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { avroSchemas } from '../schemas/index.ts';
import { closed, created, DAY_MS, matchResult, selected, T0 } from './ticket/internal/ticketTestEvents.ts';
import type { ActorEffect, CardEvent } from './index.ts';
import {
  cardEffectRecorder,
  cardEntityOf,
  cardMachine,
  locationEntityOf,
  ticketEffectRecorder,
  ticketEntityOf,
  ticketMachine,
} from './index.ts';

describe('entityOf', () => {
  describe('when an event is an input of the kind', () => {
    it('returns its entity id', () => {
      expect(ticketEntityOf('TicketClosed', { ticket_id: 'T-1', card_id: 'c' })).toBe('T-1');
      expect(cardEntityOf('CardUsed', { ticket_id: 'T-1', card_id: 'card-7' })).toBe('card-7');
      expect(cardEntityOf('CardDrafted', { card_id: 'card-from-T-1' })).toBe('card-from-T-1');
      expect(locationEntityOf('SYNC_ACK', { location_id: 'loc-1', version: 3, at: 1 })).toBe('loc-1');
    });
  });

  describe('when an event is an output or of another kind', () => {
    it('returns undefined', () => {
      expect(ticketEntityOf('MatchCompleted', { ticket_id: 'T-1' })).toBeUndefined();
      expect(ticketEntityOf('NewFailureDetected', { ticket_id: 'T-1' })).toBeUndefined();
      expect(ticketEntityOf('CardUsed', { ticket_id: 'T-1', card_id: 'c' })).toBeUndefined();
      expect(cardEntityOf('CardState', { card_id: 'card-7' })).toBeUndefined();
      expect(cardEntityOf('ConfidenceUpdated', { card_id: 'card-7' })).toBeUndefined();
      expect(cardEntityOf('CardSelected', { card_id: 'card-7', ticket_id: 'T-1' })).toBeUndefined();
      expect(locationEntityOf('TicketCreated', { location_id: 'loc-1' })).toBeUndefined();
    });

    it('returns undefined for a missing or empty id', () => {
      expect(ticketEntityOf('TicketCreated', {})).toBeUndefined();
      expect(cardEntityOf('CardApproved', { card_id: '' })).toBeUndefined();
    });
  });
});

describe('ticket and card actors together', () => {
  const stamp = (e: ActorEffect, i: number) => {
    if (e.type !== 'output') throw new Error(`not an output: ${e.type}`);
    return { ...e.event, event_id: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}`, occurred_at: T0 + 10 * DAY_MS };
  };

  describe('when their outputs are written', () => {
    it('produces events valid against the Avro schemas, which the card actor then takes', () => {
      const tickets = ticketEffectRecorder();
      const ticket = createActor(ticketMachine.provide({ actions: { effect: tickets.effect } })).start();
      for (const e of [created(), matchResult(['card-a']), closed(T0 + DAY_MS, 'success')]) ticket.send(e);
      const second = createActor(ticketMachine.provide({ actions: { effect: tickets.effect } })).start();
      for (const e of [created(), selected(T0, 'card-from-T-1'), closed(T0 + DAY_MS, 'failure')]) second.send(e);

      const cards = cardEffectRecorder();
      const card = createActor(cardMachine.provide({ actions: { effect: cards.effect } })).start();
      const outputs = tickets.effects.filter((e) => e.type === 'output');
      for (const [i, e] of outputs.entries()) {
        if (e.type !== 'output') continue;
        const event = stamp(e, i);
        expect(avro.Type.forSchema(avroSchemas[e.eventType] as avro.Schema).isValid(event), e.eventType).toBe(true);
        if (cardEntityOf(e.eventType, event)) card.send({ type: e.eventType, ...event } as CardEvent);
      }
      expect(outputs.map((e) => (e.type === 'output' ? e.eventType : ''))).toEqual(['MatchCompleted', 'CardDrafted', 'NewFailureDetected', 'CardUsed']);
      card.send({ type: 'CardApproved', event_id: 'a', occurred_at: T0 + 11 * DAY_MS, card_id: 'card-from-T-1', approver: 'x', notes: null });

      expect(card.getSnapshot().context.card).toMatchObject({ card_id: 'card-from-T-1', status: 'approved', usage_count: 1, failure_count: 1 });
      for (const [i, e] of cards.effects.entries()) {
        if (e.type !== 'output') throw new Error('card asked for a non-output');
        expect(avro.Type.forSchema(avroSchemas[e.eventType] as avro.Schema).isValid(stamp(e, i)), e.eventType).toBe(true);
      }
      expect(cards.effects.map((e) => (e.type === 'output' ? e.eventType : e.type))).toEqual([
        'CardState', 'ConfidenceUpdated', 'CardState', 'ConfidenceUpdated', 'CardState',
      ]);
    });
  });
});
