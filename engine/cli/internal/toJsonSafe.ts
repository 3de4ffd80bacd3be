/**
 * Makes a decoded Avro value printable as JSON: bytes become base64 strings and bigints
 * numbers-as-strings, so `efi consume` output never throws on `JSON.stringify`.
 */
export function toJsonSafe(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}
