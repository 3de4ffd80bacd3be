/**
 * Child process of `EmbeddedLog.crash.test.ts`: opens the log (recovering whatever the previous,
 * killed child left), then produces and consumes until it is killed with SIGKILL. It prints a
 * line only AFTER the log acknowledged: `ACK <json>` for produced records, `COMMIT <json>` for
 * committed group offsets. Anything printed is therefore a promise the log must keep.
 *
 * Usage: node --import tsx crashProducer.ts <dataDir> <round> <fsync policy>
 */
import { EmbeddedLog } from '../EmbeddedLog.ts';
import type { FsyncPolicy } from '../EmbeddedLogOptions.ts';

const [dataDir, round, fsync] = process.argv.slice(2) as [string, string, FsyncPolicy];
const TOPIC = 'crash';
const PARTITIONS = 3;

const log = await EmbeddedLog.open({ dataDir, fsync, fsyncIntervalMs: 50, segmentBytes: 64 * 1024 });
await log.createTopics([{ name: TOPIC, partitions: PARTITIONS }]);
process.stdout.write('OPEN\n');

const consumer = log.consumer({ groupId: 'crash-group', topics: [TOPIC], maxBatchRecords: 50 });
await consumer.start(async (batch) => {
  const offset = batch.records.at(-1)!.offset + 1;
  await consumer.commit([{ topic: TOPIC, partition: batch.partition, offset }]);
  process.stdout.write(`COMMIT ${JSON.stringify([batch.partition, offset])}\n`);
});

let seq = 0;
async function produceLoop(loop: number): Promise<never> {
  for (;;) {
    const n = 1 + Math.floor(Math.random() * 40);
    const ids = Array.from({ length: n }, () => `${round}-${loop}-${seq++}`);
    const acks = await log.produce(
      TOPIC,
      ids.map((id, i) => ({
        key: i % 3 === 0 ? null : Buffer.from(id),
        value: Buffer.from(`${id}|${'x'.repeat(Math.floor(Math.random() * 300))}`),
        headers: { id },
      })),
    );
    process.stdout.write(`ACK ${JSON.stringify(acks.map((a, i) => [ids[i], a.partition, a.offset]))}\n`);
  }
}

// Several loops at once so kills also land while appends are queued behind a shared fsync.
await Promise.all([produceLoop(0), produceLoop(1), produceLoop(2)]);
