/**
 * The JSON shape of an Avro schema as written in `schemas/avro/*.avsc` — just enough structure
 * for the type generator, the compatibility checker and the codecs to walk it without `any`.
 */

/** A primitive type name, or a reference to a named type by its (full) name. */
export type AvroTypeName = string;

export interface AvroPrimitiveSchema {
  type: 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
  /** e.g. `uuid`, `timestamp-millis`; readers that do not know it see the underlying type. */
  logicalType?: string;
}

export interface AvroField {
  name: string;
  type: AvroSchema;
  doc?: string;
  default?: unknown;
  aliases?: string[];
}

export interface AvroRecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  doc?: string;
  aliases?: string[];
  fields: AvroField[];
}

export interface AvroEnumSchema {
  type: 'enum';
  name: string;
  namespace?: string;
  doc?: string;
  symbols: string[];
  default?: string;
}

export interface AvroArraySchema {
  type: 'array';
  items: AvroSchema;
}

export interface AvroMapSchema {
  type: 'map';
  values: AvroSchema;
}

export interface AvroFixedSchema {
  type: 'fixed';
  name: string;
  namespace?: string;
  size: number;
}

/** Any Avro schema: a name, a union (array), or a complex type object. */
export type AvroSchema =
  | AvroTypeName
  | AvroSchema[]
  | AvroPrimitiveSchema
  | AvroRecordSchema
  | AvroEnumSchema
  | AvroArraySchema
  | AvroMapSchema
  | AvroFixedSchema;
