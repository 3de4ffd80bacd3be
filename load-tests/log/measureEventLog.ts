import type { EventLog, ProduceRecord, SchemaCodec } from '../../engine/ports/index.ts';

/** Produces the batches in order, one acknowledged `produce` call per batch. */
export async function produceAll(log: EventLog, topic: string, batches: readonly ProduceRecord[][]): Promise<void> {
  for (const batch of batches) await log.produce(topic, batch);
}

/**
 * Consumes `expected` records of `topic` from the beginning in a fresh group, optionally
 * decoding every value with the codec; resolves when all arrived.
 */
export async function consumeAll(log: EventLog, topic: string, expected: number, codec?: SchemaCodec): Promise<void> {
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = log.consumer({ groupId: `bench-${process.hrtime.bigint()}`, topics: [topic], reset: 'earliest', maxBatchRecords: 2_000 });
  await consumer.start(async (batch) => {
    if (codec) for (const record of batch.records) await codec.decode(record.value!);
    seen += batch.records.length;
    if (seen >= expected) done();
  });
  await finished;
  await consumer.stop();
}
