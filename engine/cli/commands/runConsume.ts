import { randomUUID } from 'node:crypto';
import { isEfiError } from '../../errors/index.ts';
import type { EventLog, LogRecord, SchemaCodec } from '../../ports/index.ts';
import { toJsonSafe } from '../internal/toJsonSafe.ts';

export interface RunConsumeOptions {
  log: EventLog;
  codec: SchemaCodec;
  /** Full topic name. */
  topic: string;
  /** Start at the earliest offset (for partitions the group has not committed). */
  fromBeginning?: boolean;
  /** Start each partition at the first record at or after this time (epoch ms). */
  fromTime?: number;
  /** Stop after this many records. */
  limit?: number;
  /** Resume from, and commit to, this consumer group; a throwaway group otherwise. */
  group?: string;
  /** Keep running for new records instead of stopping at the end offsets seen at start. */
  follow?: boolean;
  /** Add `_topic`, `_partition`, `_offset`, `_timestamp`, `_key` to each printed event. */
  meta?: boolean;
  /** Receives each decoded event as one JSON line (awaited: stdout backpressure). */
  write: (line: string) => Promise<void>;
  /** Receives records that cannot be decoded, with why; consumption goes on. */
  onUndecodable?: (problem: { topic: string; partition: number; offset: number; code: string; reason: string }) => void;
  /** Resolves when the caller wants to stop early (SIGINT). */
  signal?: AbortSignal;
}

/**
 * `efi consume`: prints decoded events as JSON lines (the same shape `efi produce` reads).
 * Without `follow` it stops once every partition reached the end offset it had at start.
 *
 * @example
 * await runConsume({ log, codec, topic: 'efi.tickets.v1', fromBeginning: true, write });
 */
export async function runConsume(options: RunConsumeOptions): Promise<{ printed: number; undecodable: number }> {
  const { log, codec, topic, fromBeginning = false, fromTime, limit = Infinity, group, follow = false, meta = false } = options;
  const { write, onUndecodable, signal } = options;
  const offsets = await log.listOffsets(topic);
  const ends = new Map(offsets.map((p) => [p.partition, p.high]));
  const starts = new Map(offsets.map((p) => [p.partition, fromBeginning ? p.low : p.high]));
  const done = new Set<number>();
  let printed = 0;
  let undecodable = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const markDone = (partition: number, nextOffset: number): void => {
    if (!follow && nextOffset >= (ends.get(partition) ?? 0)) done.add(partition);
    if ((!follow && done.size >= ends.size) || printed >= limit) finish();
  };

  // An embedded consumer waits on in-process notifications only; without a pending timer Node
  // would see an empty event loop and exit before `finished` settles (and before close()).
  const keepAlive = setInterval(() => {}, 60_000);
  const consumer = log.consumer({
    groupId: group ?? `efi-cli-${randomUUID()}`,
    topics: [topic],
    reset: fromBeginning || fromTime !== undefined ? 'earliest' : 'latest',
    onAssign: async (partitions) => {
      if (fromTime !== undefined) {
        for (const position of await log.offsetsForTime(topic, fromTime)) {
          consumer.seek(position);
          starts.set(position.partition, position.offset);
        }
      }
      if (follow) return;
      // A partition that starts at its end has nothing to wait for.
      const committed = group ? await log.committedOffsets(group, topic) : [];
      for (const { partition } of partitions) {
        const mine = committed.find((c) => c.partition === partition)?.offset ?? -1;
        markDone(partition, mine >= 0 ? mine : (starts.get(partition) ?? 0));
      }
    },
  });

  try {
    await consumer.start(async (batch) => {
      let next = -1;
      for (const record of batch.records) {
        if (printed >= limit) break;
        next = record.offset + 1;
        try {
          const { type, event } = await codec.decode(record.value ?? Buffer.alloc(0));
          const line = meta ? { type, ...event, ...metaOf(record) } : { type, ...event };
          await write(JSON.stringify(toJsonSafe(line)));
          printed += 1;
        } catch (err) {
          if (!isEfiError(err)) throw err;
          undecodable += 1;
          onUndecodable?.({ topic: record.topic, partition: record.partition, offset: record.offset, code: err.code, reason: err.message });
        }
      }
      // Commit only what was printed: records past --limit stay for the group's next reader.
      if (next < 0) return;
      if (group) await consumer.commit([{ topic, partition: batch.partition, offset: next }]);
      markDone(batch.partition, next);
    });
    if (!follow && ends.size === 0) finish();
    signal?.addEventListener('abort', finish, { once: true });
    await finished;
  } finally {
    clearInterval(keepAlive);
    await consumer.stop();
  }
  return { printed, undecodable };
}

function metaOf(record: LogRecord): Record<string, unknown> {
  return {
    _topic: record.topic,
    _partition: record.partition,
    _offset: record.offset,
    _timestamp: record.timestamp,
    _key: record.key?.toString('utf8') ?? null,
  };
}
