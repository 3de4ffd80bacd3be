import type avro from 'avsc';
import { EfiError } from '../../engine/errors/index.ts';
import type { DecodedEvent, SchemaCodec } from '../../engine/ports/index.ts';
import { avroSchemas, checkBackwardCompatibility, type AvroRecordSchema } from '../../schemas/index.ts';
import { cataloguePaths, fingerprintOf, readCatalogue, statCatalogue, withCatalogueLock, writeCatalogue } from './internal/catalogueFile.ts';
import type { CatalogueEntry, FileStamp } from './internal/catalogueFile.ts';
import { createAvroType } from './internal/createAvroType.ts';
import { resolveReader } from './internal/resolveReader.ts';
import { eventTypeOf, subjectOf } from './internal/schemaNames.ts';
import { WireCodec, type ReaderEntry, type WriterEntry } from './internal/WireCodec.ts';
import { readSchemaId } from './internal/wireFormat.ts';

export interface LocalSchemaCatalogueOptions {
  /** The engine data directory; the catalogue lives in `<dataDir>/schemas/catalogue.json`. */
  dataDir: string;
  /** Current (writer and reader) schema per event type; defaults to the committed `.avsc` files. */
  schemas?: Readonly<Record<string, AvroRecordSchema>>;
  /** How long to wait for another process holding the catalogue lock, in ms. */
  lockTimeoutMs?: number;
}

interface CurrentSchema {
  type: string;
  subject: string;
  fingerprint: string;
  schema: AvroRecordSchema;
  avroType: avro.Type;
}

/**
 * The embedded-mode schema codec: Confluent wire format (magic 0, 4-byte id, Avro body) with
 * ids kept in `<dataDir>/schemas/catalogue.json` beside the log that refers to them. Ids are
 * global and stable across restarts (a fresh catalogue numbers the schemas in name order from
 * 1); a changed schema gets the next id after passing the BACKWARD check against every earlier
 * version of its subject, as a registry would; old ids stay decodable, read with their writer
 * schema resolved to the current one.
 *
 * @example
 * const codec = await LocalSchemaCatalogue.open({ dataDir: './data' });
 * const bytes = await codec.encode('TicketCreated', ticket);
 * const { type, event } = await codec.decode(bytes);
 */
export class LocalSchemaCatalogue implements SchemaCodec {
  readonly #file: string;
  readonly #current: ReadonlyMap<string, CurrentSchema>;
  readonly #wire = new WireCodec();
  readonly #writers = new Map<string, WriterEntry>();
  readonly #readers = new Map<number, ReaderEntry>();
  #entries = new Map<number, CatalogueEntry>();
  #stamp: FileStamp | undefined;
  #closed = false;

  private constructor(file: string, current: ReadonlyMap<string, CurrentSchema>) {
    this.#file = file;
    this.#current = current;
  }

  /**
   * Opens (creating if needed) the catalogue and registers every current schema it lacks.
   * Throws `SCHEMA_INCOMPATIBLE` when a changed schema cannot read its earlier versions.
   */
  static async open({ dataDir, schemas = avroSchemas, lockTimeoutMs = 10_000 }: LocalSchemaCatalogueOptions): Promise<LocalSchemaCatalogue> {
    if (typeof dataDir !== 'string' || dataDir === '') throw new EfiError('CONFIG_INVALID', 'LocalSchemaCatalogue needs a dataDir');
    const { file, lock } = cataloguePaths(dataDir);
    const current = new Map<string, CurrentSchema>();
    for (const schema of Object.values(schemas)) {
      const type = eventTypeOf(schema);
      current.set(type, { type, subject: subjectOf(schema), fingerprint: fingerprintOf(schema), schema, avroType: createAvroType(schema) });
    }
    const catalogue = new LocalSchemaCatalogue(file, current);
    await catalogue.#load();
    if ([...current.values()].some((schema) => catalogue.#find(schema) === undefined)) {
      await withCatalogueLock(lock, { timeoutMs: lockTimeoutMs }, () => catalogue.#registerMissing());
    }
    for (const schema of current.values()) {
      const { id } = catalogue.#find(schema)!;
      catalogue.#writers.set(schema.type, { type: schema.type, id, avroType: schema.avroType });
      // Records written with the current schema need no resolution.
      catalogue.#readers.set(id, { type: schema.type, id, readerType: schema.avroType, resolver: undefined });
    }
    return catalogue;
  }

  async encode(type: string, event: Record<string, unknown>): Promise<Buffer> {
    return this.#wire.encode(this.#writer(type), event);
  }

  async decode(bytes: Buffer): Promise<DecodedEvent> {
    this.#assertOpen();
    const id = readSchemaId(bytes);
    const reader = this.#readers.get(id) ?? (await this.#readerFor(id));
    return this.#wire.decode(reader, bytes);
  }

  async schemaId(type: string): Promise<number> {
    return this.#writer(type).id;
  }

  /** Every schema the catalogue knows, oldest id first (for inspection commands). */
  entries(): readonly CatalogueEntry[] {
    return [...this.#entries.values()];
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  async #registerMissing(): Promise<void> {
    // Re-read under the lock: another process may have registered since.
    await this.#load();
    const added: CatalogueEntry[] = [];
    let nextId = Math.max(0, ...this.#entries.keys()) + 1;
    for (const schema of this.#current.values()) {
      if (this.#find(schema) !== undefined) continue;
      for (const earlier of this.#entries.values()) {
        if (earlier.subject !== schema.subject) continue;
        const verdict = checkBackwardCompatibility({ reader: schema.schema, writer: earlier.schema });
        if (!verdict.compatible) {
          throw new EfiError('SCHEMA_INCOMPATIBLE', `${schema.subject} cannot read records of its schema id ${earlier.id}: ${verdict.reason}`, {
            details: { type: schema.type, subject: schema.subject, schemaId: earlier.id, file: this.#file },
          });
        }
      }
      added.push({ id: nextId++, type: schema.type, subject: schema.subject, fingerprint: schema.fingerprint, schema: schema.schema });
    }
    if (added.length === 0) return;
    await writeCatalogue(this.#file, { format: 1, schemas: [...this.#entries.values(), ...added] });
    await this.#load();
  }

  #writer(type: string): WriterEntry {
    this.#assertOpen();
    const writer = this.#writers.get(type);
    if (writer === undefined) {
      throw new EfiError('SCHEMA_UNKNOWN_TYPE', `no schema for event type "${type}"`, { details: { type, known: [...this.#writers.keys()] } });
    }
    return writer;
  }

  async #readerFor(id: number): Promise<ReaderEntry> {
    let entry = this.#entries.get(id);
    if (entry === undefined) {
      // Another process sharing the data directory may have registered it since we loaded;
      // a stat per unknown id is cheap, the re-read happens only when the file changed.
      const stamp = await statCatalogue(this.#file);
      if (stamp && (stamp.mtimeMs !== this.#stamp?.mtimeMs || stamp.size !== this.#stamp.size)) await this.#load();
      entry = this.#entries.get(id);
    }
    if (entry === undefined) {
      throw new EfiError('SCHEMA_UNKNOWN_ID', `schema id ${id} is not in the local catalogue ${this.#file}`, { details: { schemaId: id } });
    }
    const current = this.#current.get(entry.type);
    const reader = resolveReader(entry, current?.subject === entry.subject ? current.avroType : undefined);
    this.#readers.set(id, reader);
    return reader;
  }

  #find({ subject, fingerprint }: { subject: string; fingerprint: string }): CatalogueEntry | undefined {
    for (const entry of this.#entries.values()) if (entry.subject === subject && entry.fingerprint === fingerprint) return entry;
    return undefined;
  }

  async #load(): Promise<void> {
    const { content, stamp } = await readCatalogue(this.#file);
    this.#entries = new Map(content.schemas.map((entry) => [entry.id, entry]));
    this.#stamp = stamp;
  }

  #assertOpen(): void {
    if (this.#closed) throw new EfiError('SCHEMA_REGISTRY_UNAVAILABLE', 'the local schema catalogue is closed');
  }
}
