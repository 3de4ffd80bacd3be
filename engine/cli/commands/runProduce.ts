import { isEfiError } from '../../errors/index.ts';
import type { ProduceRecord } from '../../ports/index.ts';
import { normalizeEvent, type EventPublisher } from '../../publishing/index.ts';
import { topicName, type LogicalTopic } from '../../topics/index.ts';
import { readJsonLines } from '../internal/readJsonLines.ts';

export interface RunProduceOptions {
  publisher: EventPublisher;
  topicPrefix: string;
  /** The logical topic every line must belong to. */
  topic: LogicalTopic;
  /** JSON-lines file, or `-` for stdin. */
  file: string;
  /** Records per produce call: one durable append and one acknowledgement each. */
  batchSize?: number;
  /** Called after each acknowledged batch with the last line number it covers. */
  onAck?: (progress: { ackedThroughLine: number; written: number }) => void;
  /** Called for every line that is not written, with why. */
  onReject?: (rejected: { line: number; reason: string }) => void;
  now?: () => number;
}

export interface ProduceSummary {
  written: number;
  rejected: number;
}

/**
 * `efi produce`: validates each JSON line as an event of the topic, encodes it and writes it in
 * acknowledged batches. A bad line is reported with its number and skipped; it never stops
 * the others. Nothing is acknowledged before it is durable in the log.
 *
 * @example
 * await runProduce({ publisher, topicPrefix: 'efi.', topic: 'tickets', file: 'events.jsonl' });
 */
export async function runProduce({
  publisher,
  topicPrefix,
  topic,
  file,
  batchSize = 500,
  onAck,
  onReject,
  now = Date.now,
}: RunProduceOptions): Promise<ProduceSummary> {
  const target = topicName(topicPrefix, topic);
  let batch: ProduceRecord[] = [];
  let lastLine = 0;
  let written = 0;
  let rejected = 0;
  const reject = (line: number, reason: string): void => {
    rejected += 1;
    onReject?.({ line, reason });
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await publisher.write(target, batch);
    written += batch.length;
    batch = [];
    onAck?.({ ackedThroughLine: lastLine, written });
  };

  for await (const line of readJsonLines(file)) {
    if (line.type === 'malformed') {
      reject(line.line, line.reason);
      continue;
    }
    const normalized = normalizeEvent(line.value, now());
    if (normalized.type === 'invalid') {
      reject(line.line, normalized.reason);
      continue;
    }
    try {
      const route = publisher.route(normalized.eventType);
      if (route.topic !== topic) {
        reject(line.line, `${normalized.eventType} belongs to ${topicName(topicPrefix, route.topic)}, not ${target}`);
        continue;
      }
      const { record } = await publisher.encode(normalized.eventType, normalized.event);
      batch.push(record);
      lastLine = line.line;
    } catch (err) {
      if (!isEfiError(err) || err.retriable) throw err;
      reject(line.line, err.message);
      continue;
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { written, rejected };
}
