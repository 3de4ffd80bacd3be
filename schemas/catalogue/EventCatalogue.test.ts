import { describe, expect, it } from 'vitest';
import { EventType } from '../generated/events.ts';
import { avroSchemas } from './avroSchemas.ts';
import { EventCatalogue, isEventType, LogicalTopic } from './EventCatalogue.ts';

describe('EventCatalogue', () => {
  describe('when compared with the schemas', () => {
    it('routes exactly the event types that have a schema', () => {
      expect(Object.keys(EventCatalogue).sort()).toEqual([...EventType].sort());
    });

    it.each(EventType.map((type) => [type] as const))('keys %s by a required string field', (type) => {
      const { key, topic } = EventCatalogue[type];
      const field = avroSchemas[type].fields.find((candidate) => candidate.name === key);
      expect(field?.type).toBe('string');
      expect(LogicalTopic).toContain(topic);
    });
  });

  describe('when routing the architecture topics', () => {
    it('keys tickets by location, telemetry by VIN and cards by card id', () => {
      expect(EventCatalogue.TicketCreated).toEqual({ topic: 'tickets', key: 'location_id' });
      expect(EventCatalogue.TicketClosed).toEqual({ topic: 'tickets', key: 'location_id' });
      expect(EventCatalogue.TelemetryReading).toEqual({ topic: 'telemetry', key: 'vin' });
      expect(EventCatalogue.CardDrafted).toEqual({ topic: 'cards', key: 'card_id' });
      expect(EventCatalogue.CardState).toEqual({ topic: 'cards.changelog', key: 'card_id' });
      expect(EventCatalogue.ConfidenceUpdated.topic).toBe('events');
      expect(EventCatalogue.DeadLetter.topic).toBe('dlq');
    });
  });

  describe('isEventType', () => {
    it('accepts catalogue names and rejects others, including inherited keys', () => {
      expect(isEventType('TicketCreated')).toBe(true);
      expect(isEventType('Nope')).toBe(false);
      expect(isEventType('toString')).toBe(false);
    });
  });
});
