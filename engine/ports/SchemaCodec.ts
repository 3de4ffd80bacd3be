/**
 * The schema codec port: Avro records in the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary body). The embedded catalogue and the schema registry
 * produce byte-identical framing, so records written in one mode are readable in the other once
 * the ids are known to the reader.
 */

/** A decoded event: the record name (e.g. `TicketCreated`), its fields and the writer's schema id. */
export interface DecodedEvent<T = Record<string, unknown>> {
  type: string;
  schemaId: number;
  event: T;
}

/**
 * @example
 * const bytes = await codec.encode('TicketCreated', ticketCreated);
 * const { type, event } = await codec.decode(bytes);
 */
export interface SchemaCodec {
  /** Validates `event` against the current schema of `type` and encodes it; throws `SCHEMA_INVALID_EVENT` with the failing paths. */
  encode(type: string, event: Record<string, unknown>): Promise<Buffer>;
  /** Decodes with the writer's schema, resolved to the reader's current schema of that type. */
  decode(bytes: Buffer): Promise<DecodedEvent>;
  /** The schema id `encode` uses for `type` (registers it if needed). */
  schemaId(type: string): Promise<number>;
  close(): Promise<void>;
}
