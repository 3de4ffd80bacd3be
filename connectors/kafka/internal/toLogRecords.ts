import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { LogRecord } from '../../../engine/ports/index.ts';

/**
 * Maps `messages[start, end)` of one kafkajs batch to the port's records: numeric offsets and
 * timestamps, keys and values as given (Buffer or null), headers as Buffers. A plain loop with
 * no closure per record: this runs for every consumed record.
 *
 * @example
 * const records = toLogRecords(batch.topic, batch.partition, batch.messages, 0, batch.messages.length);
 */
export function toLogRecords(topic: string, partition: number, messages: readonly KafkaMessage[], start: number, end: number): LogRecord[] {
  const records = new Array<LogRecord>(end - start);
  for (let i = start; i < end; i++) {
    const m = messages[i]!;
    records[i - start] = {
      topic,
      partition,
      offset: Number(m.offset),
      timestamp: Number(m.timestamp),
      key: m.key ?? null,
      value: m.value ?? null,
      headers: toHeaders(m.headers),
    };
  }
  return records;
}

/**
 * kafkajs decodes header values as Buffers and turns a repeated header name into an array; the
 * port has one Buffer per name, so a repeated name keeps its last value (Java's `lastHeader`).
 */
export function toHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  if (headers === undefined) return out;
  for (const name of Object.keys(headers)) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    out[name] = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  }
  return out;
}
