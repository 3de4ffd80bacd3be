import avro from 'avsc';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { EfiError } from '../../engine/errors/index.ts';
import type { DecodedEvent, SchemaCodec } from '../../engine/ports/index.ts';
import { avroSchemas, type AvroRecordSchema } from '../../schemas/index.ts';
import { createAvroType } from './internal/createAvroType.ts';
import { registryError } from './internal/registryError.ts';
import { requestTimeoutMiddleware } from './internal/requestTimeoutMiddleware.ts';
import { resolveReader } from './internal/resolveReader.ts';
import { eventTypeOf, subjectOf } from './internal/schemaNames.ts';
import { WireCodec, type ReaderEntry, type WriterEntry } from './internal/WireCodec.ts';
import { readSchemaId } from './internal/wireFormat.ts';

export interface RegistrySchemaCodecOptions {
  /** Base URL of a Confluent-compatible registry, e.g. `http://127.0.0.1:8081` or Apicurio's `…/apis/ccompat/v7`. */
  url: string;
  /** Current (writer and reader) schema per event type; defaults to the committed `.avsc` files. */
  schemas?: Readonly<Record<string, AvroRecordSchema>>;
  /**
   * Per HTTP request, in ms. Generous because requests happen only once per type or id per
   * process, never per record: a cold Apicurio on a busy two-core host answered some
   * registrations only after 5-10 s here, and a timeout there fails the first encode.
   */
  requestTimeoutMs?: number;
  /** Retries of a failed or unreachable request (5xx, network) inside one call, before it fails retriable. */
  retries?: number;
  /** How long an id the registry does not know is answered from memory, in ms. */
  unknownIdTtlMs?: number;
}

/**
 * Why at most this many unknown ids are remembered: a corrupt stream can carry a different
 * garbage id in every record; remembering them spares the registry one request per record,
 * and the cap keeps that memory bounded.
 */
const MAX_UNKNOWN_IDS = 1024;

/**
 * The cluster-mode schema codec: registers our schemas with a Confluent-compatible registry at
 * `SCHEMA_REGISTRY_URL` through `@kafkajs/confluent-schema-registry` (RecordNameStrategy
 * subjects `efi.v1.<Type>`, BACKWARD compatibility), same wire format as the local catalogue.
 * HTTP happens only the first time a type is encoded or an id is seen; after that encode and
 * decode run from memory. Decoding resolves the writer's schema to our current reader schema —
 * done here with avsc and a cached resolver per id, because the library's own `decode` with a
 * `readerSchema` re-parses the reader schema and builds a new resolver on every call.
 *
 * @example
 * const codec = new RegistrySchemaCodec({ url: process.env.SCHEMA_REGISTRY_URL! });
 * const bytes = await codec.encode('TicketCreated', ticket);
 * const { event } = await codec.decode(bytes);
 */
export class RegistrySchemaCodec implements SchemaCodec {
  readonly #registry: SchemaRegistry;
  readonly #url: string;
  readonly #unknownIdTtlMs: number;
  readonly #current = new Map<string, { schema: AvroRecordSchema; subject: string; avroType: avro.Type }>();
  readonly #wire = new WireCodec();
  readonly #writers = new Map<string, WriterEntry>();
  readonly #readers = new Map<number, ReaderEntry>();
  readonly #pendingWriters = new Map<string, Promise<WriterEntry>>();
  readonly #pendingReaders = new Map<number, Promise<ReaderEntry>>();
  readonly #unknownIds = new Map<number, number>();
  #closed = false;

  constructor({ url, schemas = avroSchemas, requestTimeoutMs = 15_000, retries = 2, unknownIdTtlMs = 10_000 }: RegistrySchemaCodecOptions) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (err) {
      throw new EfiError('CONFIG_INVALID', `SCHEMA_REGISTRY_URL "${url}" is not a URL`, { cause: err });
    }
    this.#url = parsed.toString().replace(/\/+$/, '');
    this.#unknownIdTtlMs = unknownIdTtlMs;
    for (const schema of Object.values(schemas)) {
      this.#current.set(eventTypeOf(schema), { schema, subject: subjectOf(schema), avroType: createAvroType(schema) });
    }
    this.#registry = new SchemaRegistry({
      host: this.#url,
      clientId: 'efi-engine',
      // Passed in full: the library merges partial settings into its shared defaults object.
      retry: { retries, initialRetryTimeInSecs: 0.1, maxRetryTimeInSecs: 2, multiplier: 2, factor: 0.2 },
      middlewares: [requestTimeoutMiddleware({ requestTimeoutMs })],
    });
  }

  async encode(type: string, event: Record<string, unknown>): Promise<Buffer> {
    this.#assertOpen();
    const writer = this.#writers.get(type) ?? (await this.#register(type));
    return this.#wire.encode(writer, event);
  }

  async decode(bytes: Buffer): Promise<DecodedEvent> {
    this.#assertOpen();
    const id = readSchemaId(bytes);
    const reader = this.#readers.get(id) ?? (await this.#fetchReader(id));
    return this.#wire.decode(reader, bytes);
  }

  async schemaId(type: string): Promise<number> {
    this.#assertOpen();
    return (this.#writers.get(type) ?? (await this.#register(type))).id;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #register(type: string): Promise<WriterEntry> {
    let pending = this.#pendingWriters.get(type);
    if (pending === undefined) {
      // One registration per type however many encodes wait on it; a failure is not cached.
      pending = this.#doRegister(type).finally(() => this.#pendingWriters.delete(type));
      this.#pendingWriters.set(type, pending);
    }
    return pending;
  }

  async #doRegister(type: string): Promise<WriterEntry> {
    const current = this.#current.get(type);
    if (current === undefined) {
      throw new EfiError('SCHEMA_UNKNOWN_TYPE', `no schema for event type "${type}"`, { details: { type, known: [...this.#current.keys()] } });
    }
    const { subject } = current;
    let id: number;
    try {
      ({ id } = await this.#registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(current.schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      ));
    } catch (err) {
      throw registryError(err, { action: `registering ${subject}`, details: { type, subject, url: this.#url } });
    }
    const writer: WriterEntry = { type, id, avroType: current.avroType };
    this.#writers.set(type, writer);
    this.#readers.set(id, { type, id, readerType: current.avroType, resolver: undefined });
    return writer;
  }

  #fetchReader(id: number): Promise<ReaderEntry> {
    const unknownUntil = this.#unknownIds.get(id);
    if (unknownUntil !== undefined && unknownUntil > Date.now()) {
      return Promise.reject(new EfiError('SCHEMA_UNKNOWN_ID', `the registry has no schema with id ${id}`, { details: { schemaId: id, cached: true } }));
    }
    let pending = this.#pendingReaders.get(id);
    if (pending === undefined) {
      pending = this.#doFetchReader(id).finally(() => this.#pendingReaders.delete(id));
      this.#pendingReaders.set(id, pending);
    }
    return pending;
  }

  async #doFetchReader(id: number): Promise<ReaderEntry> {
    let fetched: unknown;
    try {
      fetched = await this.#registry.getSchema(id);
    } catch (err) {
      const error = registryError(err, { action: `fetching schema id ${id}`, details: { schemaId: id, url: this.#url } });
      if (error.code === 'SCHEMA_UNKNOWN_ID') this.#rememberUnknown(id);
      throw error;
    }
    if (!avro.Type.isType(fetched)) {
      throw new EfiError('SCHEMA_DECODE_FAILED', `schema id ${id} is not an Avro schema`, { details: { schemaId: id } });
    }
    // Rebuilt from its JSON so the writer side gets the same bounded readers as ours.
    const schema = (fetched as avro.Type).schema({ exportAttrs: true }) as AvroRecordSchema;
    if (typeof schema !== 'object' || schema.type !== 'record') {
      throw new EfiError('SCHEMA_DECODE_FAILED', `schema id ${id} is not an Avro record`, { details: { schemaId: id } });
    }
    const type = eventTypeOf(schema);
    const current = this.#current.get(type);
    // Same short name under another subject (namespace) is another record: read it as written.
    const reader = resolveReader({ id, type, schema }, current?.subject === subjectOf(schema) ? current.avroType : undefined);
    this.#readers.set(id, reader);
    return reader;
  }

  #rememberUnknown(id: number): void {
    if (this.#unknownIds.size >= MAX_UNKNOWN_IDS) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.#unknownIds.keys().next().value;
      if (oldest !== undefined) this.#unknownIds.delete(oldest);
    }
    this.#unknownIds.set(id, Date.now() + this.#unknownIdTtlMs);
  }

  #assertOpen(): void {
    if (this.#closed) throw new EfiError('SCHEMA_REGISTRY_UNAVAILABLE', 'the registry schema codec is closed');
  }
}
