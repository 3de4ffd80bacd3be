import { EfiError } from '../../../engine/errors/index.ts';
import type { ProduceRecord, RecordMetadata } from '../../../engine/ports/EventLog.ts';
import { BATCH_HEADER_BYTES, BATCH_SOFT_BYTES, recordBytes, sealBatch, writeRecord } from './batchFormat.ts';
import type { PartitionLog } from './PartitionLog.ts';

/** One partition's share of a produce call: its encoded batch frames, offsets already reserved. */
export interface PartitionBatch {
  log: PartitionLog;
  buffer: Buffer;
}

/**
 * Validates a produce call, reserves offsets and encodes one buffer of batch frames per
 * partition, filling `acks` in the caller's order. Two passes over the records, one allocation
 * per partition, no per-record closures; nothing is reserved unless every record is valid, so a
 * rejected call leaves no offset gap.
 */
export function encodeProduce(
  topic: string,
  partitions: readonly PartitionLog[],
  records: readonly ProduceRecord[],
  pick: (record: ProduceRecord) => number,
  maxRecordBytes: number,
  acks: RecordMetadata[],
): PartitionBatch[] {
  const n = partitions.length;
  const partitionOf = new Int32Array(records.length);
  const sizes = new Float64Array(records.length);
  const bytes = new Float64Array(n);
  const counts = new Int32Array(n);
  const open = new Float64Array(n); // bytes of each partition's open batch, to place frame cuts
  for (let i = 0; i < records.length; i += 1) {
    const r = records[i]!;
    checkShape(topic, r, i);
    const p = pick(r);
    if (!Number.isInteger(p) || p < 0 || p >= n) {
      throw new EfiError('LOG_PARTITION_UNKNOWN', `${topic} has no partition ${p}`, { details: { topic, partition: p, partitions: n, index: i } });
    }
    const size = recordBytes(r);
    if (size > maxRecordBytes) {
      throw new EfiError('LOG_RECORD_TOO_LARGE', `record ${i} for ${topic} takes ${size} bytes, over the ${maxRecordBytes} byte limit`, {
        details: { topic, index: i, bytes: size, maxRecordBytes },
      });
    }
    if (counts[p] === 0 || open[p]! + size > BATCH_SOFT_BYTES) {
      bytes[p]! += BATCH_HEADER_BYTES;
      open[p] = 0;
    }
    open[p]! += size;
    partitionOf[i] = p;
    sizes[i] = size;
    bytes[p]! += size;
    counts[p]! += 1;
  }

  const buffers: Buffer[] = new Array(n);
  const firsts = new Float64Array(n);
  const next = new Float64Array(n);
  const pos = new Float64Array(n);
  // The open batch of each partition: where it starts, records so far, first offset, max time.
  const start = new Float64Array(n);
  const inBatch = new Int32Array(n);
  const batchFirst = new Float64Array(n);
  const batchMaxTs = new Float64Array(n);
  const reserved: number[] = [];
  for (let p = 0; p < n; p += 1) {
    if (counts[p] === 0) continue;
    buffers[p] = partitions[p]!.encodeBuffer(bytes[p]!);
    next[p] = firsts[p] = partitions[p]!.reserve(counts[p]!);
    reserved.push(p);
  }
  const now = Date.now();
  try {
    for (let i = 0; i < records.length; i += 1) {
      const r = records[i]!;
      const p = partitionOf[i]!;
      const buf = buffers[p]!;
      if (inBatch[p] === 0 || pos[p]! - start[p]! - BATCH_HEADER_BYTES + sizes[i]! > BATCH_SOFT_BYTES) {
        if (inBatch[p]! > 0) sealBatch(buf, start[p]!, pos[p]!, inBatch[p]!, batchFirst[p]!, next[p]! - 1, batchMaxTs[p]!);
        start[p] = pos[p]!;
        pos[p]! += BATCH_HEADER_BYTES;
        inBatch[p] = 0;
        batchFirst[p] = next[p]!;
        batchMaxTs[p] = -Infinity;
      }
      const timestamp = r.timestamp ?? now;
      const offset = next[p]!;
      pos[p] = writeRecord(buf, pos[p]!, r, offset, timestamp);
      next[p] = offset + 1;
      inBatch[p]! += 1;
      if (timestamp > batchMaxTs[p]!) batchMaxTs[p] = timestamp;
      acks[i] = { topic, partition: p, offset, timestamp };
    }
    for (const p of reserved) sealBatch(buffers[p]!, start[p]!, pos[p]!, inBatch[p]!, batchFirst[p]!, next[p]! - 1, batchMaxTs[p]!);
  } catch (err) {
    // Nothing else ran since the reservations (no await), so handing them back leaves no gap.
    for (const p of reserved) partitions[p]!.unreserve(firsts[p]!);
    throw err;
  }
  return reserved.map((p) => ({ log: partitions[p]!, buffer: buffers[p]! }));
}

function checkShape(topic: string, r: ProduceRecord, index: number): void {
  if (r.key !== null && !Buffer.isBuffer(r.key)) throw malformed(topic, index, 'key must be a Buffer or null');
  if (r.value !== null && !Buffer.isBuffer(r.value)) throw malformed(topic, index, 'value must be a Buffer or null');
  if (r.timestamp !== undefined && !Number.isSafeInteger(r.timestamp)) throw malformed(topic, index, 'timestamp must be an integer (epoch ms)');
}

function malformed(topic: string, index: number, what: string): EfiError {
  return new EfiError('INPUT_MALFORMED', `record ${index} for ${topic}: ${what}`, { details: { topic, index } });
}
