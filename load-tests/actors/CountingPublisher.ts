import type { ProduceRecord, RecordMetadata } from '../../engine/ports/index.ts';
import { EventPublisher } from '../../engine/publishing/index.ts';

/**
 * The engine's publisher, counting the records written per topic, so a benchmark knows how many
 * records the runtime fed back into its own input topics (CardUsed / CardDrafted on the cards topic).
 */
export class CountingPublisher extends EventPublisher {
  readonly #written = new Map<string, number>();

  /** Records acknowledged on `topic` so far. */
  writtenTo(topic: string): number {
    return this.#written.get(topic) ?? 0;
  }

  override async write(topic: string, records: ProduceRecord[]): Promise<RecordMetadata[]> {
    const acks = await super.write(topic, records);
    this.#written.set(topic, this.writtenTo(topic) + records.length);
    return acks;
  }
}
