import avro from 'avsc';
import type { AvroSchema } from '../../../schemas/index.ts';

/** The slice of avsc's (internal, stable across 5.x) Tap that the bounded readers use. */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  skipLong(): void;
  skipString(): void;
  readString(): string;
  _invalidate(): void;
}

/** An avsc Type or Resolver as seen from inside a reader. */
interface Reader {
  _read(tap: Tap): unknown;
  _skip(tap: Tap): void;
  _readerType?: InspectableType;
}

interface InspectableType {
  typeName: string;
  fields?: { type: InspectableType }[];
  types?: InspectableType[];
  size?: number;
  underlyingType?: InspectableType;
}

const zeroWidthCache = new WeakMap<object, boolean>();

/** True when an item can take zero bytes, so a block count says nothing about the bytes left. */
function canBeZeroWidth(type: InspectableType): boolean {
  switch (type.typeName) {
    case 'null':
      return true;
    case 'record':
    case 'error':
      return (type.fields ?? []).every((field) => canBeZeroWidth(field.type));
    case 'fixed':
      return type.size === 0;
    default:
      if (type.types) return type.types.some(canBeZeroWidth);
      if (type.underlyingType) return canBeZeroWidth(type.underlyingType);
      return false;
  }
}

function itemsMayBeZeroWidth(owner: object, items: Reader): boolean {
  let cached = zeroWidthCache.get(owner);
  if (cached === undefined) {
    // A resolver reads writer bytes into the reader type; judging by the reader type is
    // conservative because a zero-width writer item can only resolve into a reader that accepts null.
    cached = canBeZeroWidth(items._readerType ?? (items as unknown as InspectableType));
    zeroWidthCache.set(owner, cached);
  }
  return cached;
}

/**
 * Reads one block count. A corrupt or hostile record can claim billions of items in a few bytes;
 * avsc would then loop (and allocate) once per claimed item — 50 M items took 6 s and 800 MB in a
 * measurement here. Every item except zero-width ones takes at least one byte, so a count larger
 * than the bytes left is corrupt: the tap is invalidated, which avsc reports as a truncated buffer.
 */
function readBlockCount(tap: Tap, zeroWidthItems: boolean): number {
  let n = tap.readLong();
  if (n < 0) {
    n = -n;
    tap.skipLong();
  }
  if (!zeroWidthItems && n > tap.buf.length - tap.pos) {
    tap._invalidate();
    return 0;
  }
  return n;
}

type AvscArrayType = new (schema: unknown, opts: unknown) => { itemsType: Reader };
type AvscMapType = new (schema: unknown, opts: unknown) => { valuesType: Reader };

class BoundedArrayType extends (avro.types.ArrayType as unknown as AvscArrayType) {
  _read(tap: Tap): unknown[] {
    // `this` is the type, or a resolver that borrowed this method; both carry `itemsType`.
    const items = this.itemsType;
    const zeroWidth = itemsMayBeZeroWidth(this, items);
    const values: unknown[] = [];
    let n: number;
    while ((n = readBlockCount(tap, zeroWidth))) {
      while (n--) values.push(items._read(tap));
    }
    return values;
  }

  _skip(tap: Tap): void {
    const items = this.itemsType;
    const zeroWidth = itemsMayBeZeroWidth(this, items);
    let n: number;
    while ((n = readBlockCount(tap, zeroWidth))) {
      while (n--) items._skip(tap);
    }
  }
}

class BoundedMapType extends (avro.types.MapType as unknown as AvscMapType) {
  _read(tap: Tap): Record<string, unknown> {
    const values = this.valuesType;
    const map: Record<string, unknown> = {};
    let n: number;
    // Every map entry has a string key of at least one byte, so the bound always applies.
    while ((n = readBlockCount(tap, false))) {
      while (n--) {
        const key = tap.readString();
        map[key] = values._read(tap);
      }
    }
    return map;
  }

  _skip(tap: Tap): void {
    const values = this.valuesType;
    let n: number;
    while ((n = readBlockCount(tap, false))) {
      while (n--) {
        tap.skipString();
        values._skip(tap);
      }
    }
  }
}

function boundedCollections(schema: avro.Schema, opts: avro.ForSchemaOptions): avro.Type | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const { type } = schema as { type?: unknown };
  if (type === 'array') return new BoundedArrayType(schema, opts) as unknown as avro.Type;
  if (type === 'map') return new BoundedMapType(schema, opts) as unknown as avro.Type;
  return undefined;
}

/**
 * Builds the avsc Type the codecs use for a schema: plain avsc, except that arrays and maps
 * refuse block counts larger than the bytes left (see {@link readBlockCount}), so a corrupt
 * record fails fast with "truncated buffer" instead of stalling the consumer.
 *
 * @example
 * const type = createAvroType(avroSchemas.TicketCreated);
 */
export function createAvroType(schema: AvroSchema): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { typeHook: boundedCollections });
}
