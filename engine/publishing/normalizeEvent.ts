import { randomUUID } from 'node:crypto';

/** An event object as a user or client writes it: `type` names its record, the rest are fields. */
export type EventInput = { type: string } & Record<string, unknown>;

export type NormalizedEvent =
  | { type: 'ok'; eventType: string; event: Record<string, unknown> }
  | { type: 'invalid'; reason: string };

/**
 * Splits `type` from the fields and fills what a producer may leave out: `event_id` (a new
 * uuid) and `occurred_at` (now). `occurred_at` may be given as epoch milliseconds or an ISO
 * string, since JSON has no timestamp type and people write dates.
 *
 * @example
 * normalizeEvent({ type: 'TicketReopened', ticket_id: 'T-1', occurred_at: '2026-11-01T10:00:00Z' }, Date.now());
 */
export function normalizeEvent(input: unknown, nowMs: number): NormalizedEvent {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { type: 'invalid', reason: 'each line must be a JSON object with a "type" field' };
  }
  const { type, ...fields } = input as Record<string, unknown>;
  if (typeof type !== 'string' || type === '') {
    return { type: 'invalid', reason: 'missing "type": it names the event record, e.g. "TicketCreated"' };
  }
  if (fields.event_id === undefined) fields.event_id = randomUUID();
  const occurredAt = fields.occurred_at;
  if (occurredAt === undefined) {
    fields.occurred_at = nowMs;
  } else if (typeof occurredAt === 'string') {
    const ms = Date.parse(occurredAt);
    if (Number.isNaN(ms)) return { type: 'invalid', reason: `occurred_at "${occurredAt}" is not an ISO date-time` };
    fields.occurred_at = ms;
  }
  return { type: 'ok', eventType: type, event: fields };
}
