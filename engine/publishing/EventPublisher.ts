import { EfiError } from '../errors/index.ts';
import type { EventLog, ProduceRecord, RecordMetadata, SchemaCodec } from '../ports/index.ts';
import { topicName, type LogicalTopic } from '../topics/index.ts';

/** Where an event type is written and which field is its key (the schema catalogue's entries). */
export interface EventRoute {
  topic: LogicalTopic;
  key: string;
}

export interface EventPublisherOptions {
  log: EventLog;
  codec: SchemaCodec;
  /** Event type → its topic and key field (from the schema catalogue). */
  routes: Readonly<Record<string, EventRoute>>;
  /** Topic name prefix, e.g. `efi.`. */
  topicPrefix: string;
}

/** An encoded, keyed record ready for one topic. */
export interface EncodedEvent {
  topic: string;
  record: ProduceRecord;
}

/**
 * Encodes events with the schema codec and writes them keyed to their topic. Encoding
 * validates: an event that does not fit its schema throws `SCHEMA_INVALID_EVENT` before
 * anything is written.
 *
 * @example
 * const publisher = new EventPublisher({ log, codec, routes: eventRoutes, topicPrefix: 'efi.' });
 * await publisher.publish('TicketCreated', ticketCreated);
 */
export class EventPublisher {
  readonly #log: EventLog;
  readonly #codec: SchemaCodec;
  readonly #routes: Readonly<Record<string, EventRoute>>;
  readonly #prefix: string;

  constructor({ log, codec, routes, topicPrefix }: EventPublisherOptions) {
    this.#log = log;
    this.#codec = codec;
    this.#routes = routes;
    this.#prefix = topicPrefix;
  }

  /** The route of an event type, or `SCHEMA_UNKNOWN_TYPE`. */
  route(eventType: string): EventRoute {
    const route = this.#routes[eventType];
    if (!route) {
      throw new EfiError('SCHEMA_UNKNOWN_TYPE', `unknown event type "${eventType}"; known: ${Object.keys(this.#routes).join(', ')}`);
    }
    return route;
  }

  /** The full topic name an event type is written to. */
  topicOf(eventType: string): string {
    return topicName(this.#prefix, this.route(eventType).topic);
  }

  /** Validates and encodes one event into a keyed record of its topic, without writing it. */
  async encode(eventType: string, event: Record<string, unknown>): Promise<EncodedEvent> {
    const { topic, key: keyField } = this.route(eventType);
    const value = await this.#codec.encode(eventType, event);
    const key = event[keyField];
    const timestamp = typeof event.occurred_at === 'number' ? event.occurred_at : undefined;
    return {
      topic: topicName(this.#prefix, topic),
      record: { key: key === undefined || key === null ? null : Buffer.from(String(key)), value, timestamp },
    };
  }

  /** Writes already encoded records of one topic; resolves when the log acknowledged them. */
  write(topic: string, records: ProduceRecord[]): Promise<RecordMetadata[]> {
    return this.#log.produce(topic, records);
  }

  /** Encodes and writes one event. */
  async publish(eventType: string, event: Record<string, unknown>): Promise<RecordMetadata> {
    const { topic, record } = await this.encode(eventType, event);
    const [ack] = await this.#log.produce(topic, [record]);
    return ack as RecordMetadata;
  }
}
