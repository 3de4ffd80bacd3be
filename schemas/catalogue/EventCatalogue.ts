import type { EventMap, EventType } from '../generated/events.ts';

/** The logical topics of the architecture; the event log maps them to `efi.<topic>.v1` (plus a prefix). */
export const LogicalTopic = ['tickets', 'telemetry', 'cards', 'cards.changelog', 'events', 'sync', 'audit', 'dlq'] as const;
export type LogicalTopic = (typeof LogicalTopic)[number];

/** Where one event type is written and which of its fields is the record key. */
export interface EventRoute<K extends EventType = EventType> {
  topic: LogicalTopic;
  /** A required string field of the event; the partitioner hashes its value. */
  key: keyof EventMap[K] & string;
}

/**
 * Topic and key of every event type. Tickets are keyed by `location_id` (the spec partitions by
 * location), telemetry by `vin`, card lifecycle and card state by `card_id`; engine outputs by
 * the entity they are about, so one entity's outputs stay ordered.
 *
 * @example
 * const { topic, key } = EventCatalogue.TicketCreated; // 'tickets', 'location_id'
 * const partitionKey = event[key];
 */
export const EventCatalogue = {
  TicketCreated: { topic: 'tickets', key: 'location_id' },
  DiagnosticStepRecorded: { topic: 'tickets', key: 'location_id' },
  HypothesisRejected: { topic: 'tickets', key: 'location_id' },
  CardSelected: { topic: 'tickets', key: 'location_id' },
  TicketClosed: { topic: 'tickets', key: 'location_id' },
  TicketReopened: { topic: 'tickets', key: 'location_id' },
  TelemetryReading: { topic: 'telemetry', key: 'vin' },
  CardDrafted: { topic: 'cards', key: 'card_id' },
  CardSubmitted: { topic: 'cards', key: 'card_id' },
  CardApproved: { topic: 'cards', key: 'card_id' },
  CardRevised: { topic: 'cards', key: 'card_id' },
  CardDeprecated: { topic: 'cards', key: 'card_id' },
  CardUsed: { topic: 'cards', key: 'card_id' },
  CardState: { topic: 'cards.changelog', key: 'card_id' },
  ConfidenceUpdated: { topic: 'events', key: 'card_id' },
  MatchCompleted: { topic: 'events', key: 'ticket_id' },
  NewFailureDetected: { topic: 'events', key: 'ticket_id' },
  PatternDetected: { topic: 'events', key: 'pattern_id' },
  BatteryAlert: { topic: 'events', key: 'vin' },
  // The sync topic has one partition (a global version order); keying by entity lets compaction keep the latest.
  SyncRecord: { topic: 'sync', key: 'entity_id' },
  AuditRecord: { topic: 'audit', key: 'actor' },
  DeadLetter: { topic: 'dlq', key: 'source_topic' },
} as const satisfies { readonly [K in EventType]: EventRoute<K> };

/** True when `name` is one of the catalogue's event types. */
export function isEventType(name: string): name is EventType {
  return Object.hasOwn(EventCatalogue, name);
}
