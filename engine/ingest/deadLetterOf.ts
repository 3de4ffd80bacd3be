import { randomUUID } from 'node:crypto';
import type { DeadLetter } from '../../schemas/index.ts';
import { isEfiError } from '../errors/index.ts';
import type { LogRecord } from '../ports/index.ts';

/**
 * The dead letter for a record that could not be decoded or validated: its raw bytes exactly
 * as read, the reason and error code, and where it came from, so it can be inspected and
 * replayed once the cause is fixed.
 *
 * @example
 * const letter = deadLetterOf(record, err, Date.now());
 * await publisher.publish('DeadLetter', letter);
 */
export function deadLetterOf(record: LogRecord, err: unknown, nowMs: number): DeadLetter {
  return {
    event_id: randomUUID(),
    occurred_at: nowMs,
    raw: record.value ?? Buffer.alloc(0),
    raw_key: record.key,
    reason: err instanceof Error ? err.message : String(err),
    error_code: isEfiError(err) ? err.code : 'SCHEMA_DECODE_FAILED',
    source_topic: record.topic,
    source_partition: record.partition,
    source_offset: record.offset,
    source_timestamp: record.timestamp,
  };
}
