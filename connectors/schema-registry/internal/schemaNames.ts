import type { AvroRecordSchema } from '../../../schemas/index.ts';

/** The event type of a record schema: its short name (`TicketCreated` for `efi.v1.TicketCreated`). */
export function eventTypeOf(schema: AvroRecordSchema): string {
  const dot = schema.name.lastIndexOf('.');
  return dot >= 0 ? schema.name.slice(dot + 1) : schema.name;
}

/** The RecordNameStrategy subject of a record schema: its full name, e.g. `efi.v1.TicketCreated`. */
export function subjectOf(schema: AvroRecordSchema): string {
  if (schema.name.includes('.')) return schema.name;
  return schema.namespace ? `${schema.namespace}.${schema.name}` : schema.name;
}

/** JSON with object keys sorted, so a reformatted but identical schema keeps its fingerprint. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
