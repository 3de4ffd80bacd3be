import type { Message } from 'kafkajs';
import { EfiError } from '../../../engine/errors/index.ts';
import type { ProduceRecord } from '../../../engine/ports/index.ts';

/** One produce call, ready for kafkajs, with what the acknowledgement mapping needs. */
export interface PreparedProduce {
  messages: Message[];
  /** Partition of each record, in input order. */
  partitions: number[];
  /** Timestamp each record is written with, in input order. */
  timestamps: number[];
}

export interface PrepareOptions {
  /** Partition count of the topic. */
  partitions: number;
  /** Partition for a record without an explicit one (the shared murmur2 / sticky partitioner). */
  pick: (record: ProduceRecord) => number;
  /** Timestamp for records without one (one value per call). */
  now: number;
}

/**
 * Validates one produce call at the boundary and gives every record an explicit partition and
 * timestamp. Choosing partitions here, with the partitioner the embedded log uses, is what lets
 * the acknowledgement name each record's partition and offset; kafkajs's own partitioner never
 * runs (kafkajs also silently drops records sent to a partition that does not exist, so the
 * range check here is what turns that into LOG_PARTITION_UNKNOWN).
 *
 * @example
 * const { messages, partitions, timestamps } = toKafkaMessages('efi.tickets.v1', records, { partitions: 12, pick, now: Date.now() });
 */
export function toKafkaMessages(topic: string, records: readonly ProduceRecord[], { partitions: count, pick, now }: PrepareOptions): PreparedProduce {
  if (!Array.isArray(records)) throw new EfiError('INPUT_MALFORMED', `produce to ${topic}: records must be an array`);
  const n = records.length;
  const messages = new Array<Message>(n);
  const partitions = new Array<number>(n);
  const timestamps = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const record = records[i]!;
    checkRecord(topic, record, i, count);
    const partition = record.partition ?? pick(record);
    const timestamp = record.timestamp ?? now;
    partitions[i] = partition;
    timestamps[i] = timestamp;
    messages[i] = { key: record.key, value: record.value, partition, timestamp: String(timestamp), headers: record.headers };
  }
  return { messages, partitions, timestamps };
}

function checkRecord(topic: string, record: ProduceRecord, index: number, count: number): void {
  const bad = (what: string) => new EfiError('INPUT_MALFORMED', `produce to ${topic}: record ${index} ${what}`, { details: { topic, index } });
  if (typeof record !== 'object' || record === null) throw bad('is not an object');
  if (record.key !== null && !Buffer.isBuffer(record.key)) throw bad('has a key that is neither a Buffer nor null');
  if (record.value !== null && !Buffer.isBuffer(record.value)) throw bad('has a value that is neither a Buffer nor null');
  if (record.timestamp !== undefined && (!Number.isSafeInteger(record.timestamp) || record.timestamp < 0)) {
    throw bad(`has an invalid timestamp ${record.timestamp}`);
  }
  if (record.headers !== undefined) {
    if (typeof record.headers !== 'object' || record.headers === null) throw bad('has headers that are not an object');
    for (const value of Object.values(record.headers)) {
      if (typeof value !== 'string' && !Buffer.isBuffer(value)) throw bad('has a header value that is neither a string nor a Buffer');
    }
  }
  if (record.partition !== undefined && (!Number.isInteger(record.partition) || record.partition < 0 || record.partition >= count)) {
    throw new EfiError('LOG_PARTITION_UNKNOWN', `${topic} has ${count} partitions; record ${index} asks for partition ${record.partition}`, {
      details: { topic, partition: record.partition, partitions: count },
    });
  }
}
