import type { Connectors } from '../../engine/compose/index.ts';
import type { ProduceRecord } from '../../engine/ports/index.ts';
import { normalizeEvent } from '../../engine/publishing/index.ts';
import type { RecordedInput } from '../../engine/testing/index.ts';

/** Records written per input topic. */
export interface ProducedRecording {
  cards: number;
  tickets: number;
}

// The same batch size the crash scenario's `efi produce --batch 1000` uses.
const BATCH = 1_000;

/**
 * Writes a recorded input into the connectors' log in-process, cards first then tickets, the way
 * `efi produce` does (normalize, encode with the codec, acknowledged batches).
 */
export async function produceRecording({ publisher }: Connectors, input: RecordedInput): Promise<ProducedRecording> {
  const written: ProducedRecording = { cards: 0, tickets: 0 };
  for (const topic of ['cards', 'tickets'] as const) {
    let batch: ProduceRecord[] = [];
    let target = '';
    for (const line of input[topic]) {
      const normalized = normalizeEvent(JSON.parse(line), 0);
      if (normalized.type === 'invalid') throw new Error(`recorded input line is invalid: ${normalized.reason}`);
      const { topic: full, record } = await publisher.encode(normalized.eventType, normalized.event);
      target = full;
      batch.push(record);
      if (batch.length >= BATCH) {
        await publisher.write(target, batch);
        batch = [];
      }
    }
    if (batch.length > 0) await publisher.write(target, batch);
    written[topic] = input[topic].length;
  }
  return written;
}
