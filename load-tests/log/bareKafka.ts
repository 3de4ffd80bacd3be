import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { ProduceRecord } from '../../engine/ports/index.ts';

/** A bare kafkajs producer loop: one `send` (acks=all) per batch, nothing else. */
export async function bareKafkaProduce(brokers: string[], topic: string, batches: readonly ProduceRecord[][]): Promise<void> {
  const kafka = new Kafka({ brokers, clientId: 'bench-bare', logLevel: logLevel.ERROR });
  const producer = kafka.producer({ createPartitioner: Partitioners.JavaCompatiblePartitioner });
  await producer.connect();
  try {
    for (const batch of batches) {
      await producer.send({ topic, acks: -1, messages: batch.map((r) => ({ key: r.key, value: r.value, timestamp: String(r.timestamp) })) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A bare kafkajs consumer loop: counts messages from the beginning, no decoding, no commits. */
export async function bareKafkaConsume(brokers: string[], topic: string, expected: number): Promise<void> {
  const kafka = new Kafka({ brokers, clientId: 'bench-bare', logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: `bench-bare-${process.hrtime.bigint()}` });
  let seen = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= expected) done();
    },
  });
  await finished;
  await consumer.disconnect();
}
