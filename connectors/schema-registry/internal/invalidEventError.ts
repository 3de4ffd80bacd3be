import type avro from 'avsc';
import { EfiError } from '../../../engine/errors/index.ts';

/** One reason an event does not fit its schema. */
export interface SchemaViolation {
  /** Dotted path with array indices, e.g. `vehicle.year` or `error_codes[2]`; `(root)` for the event itself. */
  path: string;
  expected: string;
  actual: string;
}

function describeType(type: avro.Type): string {
  return type.name ?? type.typeName;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (missing)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  // Values can be whole nested records; the path already says where, the start says what.
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function formatPath(parts: string[]): string {
  if (parts.length === 0) return '(root)';
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * The `SCHEMA_INVALID_EVENT` error for an event that avsc refused to encode, listing every
 * failing field path (message and `details.violations`). Only runs on the failure path, so the
 * closure it hands to avsc costs nothing on the hot path.
 */
export function invalidEventError({ type, avroType, event, cause }: { type: string; avroType: avro.Type; event: unknown; cause: unknown }): EfiError {
  const violations: SchemaViolation[] = [];
  avroType.isValid(event, {
    errorHook: (path: string[], value: unknown, fieldType: avro.Type) => {
      violations.push({ path: formatPath(path), expected: describeType(fieldType), actual: describeValue(value) });
    },
  });
  const summary =
    violations.length > 0
      ? violations.map((v) => `${v.path} (expected ${v.expected}, got ${v.actual})`).join('; ')
      : (cause as Error | undefined)?.message ?? 'rejected by the Avro encoder';
  return new EfiError('SCHEMA_INVALID_EVENT', `${type} does not match its schema: ${summary}`, {
    cause,
    details: { type, paths: violations.map((v) => v.path), violations },
  });
}
