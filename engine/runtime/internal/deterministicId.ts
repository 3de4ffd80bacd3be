import { createHash } from 'node:crypto';

/**
 * A uuid-shaped id derived from an input id and a position, so that re-processing the same input
 * after a crash produces outputs with the same `event_id` (and consumers drop the duplicates).
 *
 * @example
 * deterministicId('5f0c…', 0); // always the same uuid for the first output of that input
 */
export function deterministicId(inputId: string, index: number): string {
  const h = createHash('sha1').update(inputId).update(':').update(String(index)).digest('hex');
  // Version 5 (name-based, SHA-1) and RFC 4122 variant bits, as uuid v5 sets them.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
