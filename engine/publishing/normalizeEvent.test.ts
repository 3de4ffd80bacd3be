import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalizeEvent.ts';

describe('normalizeEvent', () => {
  describe('when event_id and occurred_at are absent', () => {
    it('fills a uuid and the current time', () => {
      const result = normalizeEvent({ type: 'TicketReopened', ticket_id: 'T-1' }, 1_700_000_000_000);
      expect(result.type).toBe('ok');
      if (result.type !== 'ok') return;
      expect(result.eventType).toBe('TicketReopened');
      expect(result.event.event_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.event.occurred_at).toBe(1_700_000_000_000);
      expect(result.event).not.toHaveProperty('type');
    });
  });

  describe('when occurred_at is an ISO string', () => {
    it('converts it to epoch milliseconds', () => {
      const result = normalizeEvent({ type: 'X', event_id: 'e', occurred_at: '2026-11-01T10:00:00Z' }, 0);
      expect(result).toEqual({ type: 'ok', eventType: 'X', event: { event_id: 'e', occurred_at: Date.UTC(2026, 10, 1, 10) } });
    });

    it('rejects a date that does not parse', () => {
      expect(normalizeEvent({ type: 'X', occurred_at: 'yesterday' }, 0)).toMatchObject({ type: 'invalid', reason: expect.stringContaining('yesterday') });
    });
  });

  describe('when the value is not an event object', () => {
    it.each([[null], [[1, 2]], ['text'], [{ ticket_id: 'T' }], [{ type: '' }]])('rejects %j with a reason', (value) => {
      expect(normalizeEvent(value, 0).type).toBe('invalid');
    });
  });
});
