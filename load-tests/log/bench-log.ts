/**
 * `npm run bench:log`: produce and consume throughput of the event logs, each next to a
 * baseline measured in the same run and on the same bytes.
 *  - embedded log produce (default durability: fsync per produce call) vs raw `writev` +
 *    `fdatasync` per batch; embedded consume (with and without Avro decode) vs raw sequential read;
 *  - with KAFKA_BROKERS: KafkaLog produce vs a bare kafkajs producer loop; KafkaLog consume + Avro
 *    decode vs a bare kafkajs consumer loop with no decoding.
 * Rounds alternate subject and baseline; medians and ratios are reported. Prints one JSON line per
 * measurement and a final JSON summary line (`"summary": true`).
 *
 * Options (env): BENCH_RECORDS (100000), BENCH_BATCH (500), BENCH_ROUNDS (5).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedLog } from '../../connectors/embedded-log/index.ts';
import { KafkaLog } from '../../connectors/kafka/index.ts';
import { LocalSchemaCatalogue } from '../../connectors/schema-registry/index.ts';
import type { ProduceRecord } from '../../engine/ports/index.ts';
import { sampleTicketCreated } from '../../engine/testing/index.ts';
import { median, throughput, timed, type Throughput } from '../internal/stats.ts';
import { bareKafkaConsume, bareKafkaProduce } from './bareKafka.ts';
import { consumeAll, produceAll } from './measureEventLog.ts';
import { rawAppend, rawRead } from './rawBaselines.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const results = new Map<string, Throughput[]>();
function record(name: string, ms: number, bytes: number): void {
  const t = throughput(RECORDS, bytes, ms);
  (results.get(name) ?? results.set(name, []).get(name)!).push(t);
  console.log(JSON.stringify({ measurement: name, records: RECORDS, ms: Math.round(ms), ...t }));
}

const work = await mkdtemp(path.join(tmpdir(), 'efi-bench-log-'));
const codec = await LocalSchemaCatalogue.open({ dataDir: path.join(work, 'codec') });
const records: ProduceRecord[] = [];
for (let i = 0; i < RECORDS; i++) {
  const event = sampleTicketCreated(i);
  records.push({ key: Buffer.from(event.location_id), value: await codec.encode('TicketCreated', { ...event }), timestamp: event.occurred_at });
}
const bytes = records.reduce((sum, r) => sum + r.key!.length + r.value!.length, 0);
const batches: ProduceRecord[][] = [];
for (let i = 0; i < records.length; i += BATCH) batches.push(records.slice(i, i + BATCH));
const rawBatches = batches.map((b) => b.flatMap((r) => [r.key!, r.value!]));

try {
  for (let round = 0; round < ROUNDS; round++) {
    const dir = path.join(work, `round-${round}`);
    const rawFile = path.join(work, `raw-${round}.bin`);
    record('raw-append-fdatasync-per-batch', await timed(async () => rawAppend(rawFile, rawBatches)), bytes);
    record('raw-sequential-read', await timed(async () => rawRead(rawFile)), bytes);

    const log = await EmbeddedLog.open({ dataDir: dir });
    await log.createTopics([{ name: 'bench-1p', partitions: 1 }, { name: 'bench-12p', partitions: 12 }]);
    record('embedded-produce-1-partition', await timed(() => produceAll(log, 'bench-1p', batches)), bytes);
    record('embedded-produce-12-partitions', await timed(() => produceAll(log, 'bench-12p', batches)), bytes);
    record('embedded-consume-1-partition', await timed(() => consumeAll(log, 'bench-1p', RECORDS)), bytes);
    record('embedded-consume-decode-1-partition', await timed(() => consumeAll(log, 'bench-1p', RECORDS, codec)), bytes);
    await log.close();
    await rm(dir, { recursive: true, force: true });
    await rm(rawFile, { force: true });
  }

  if (process.env.KAFKA_BROKERS) {
    const brokers = process.env.KAFKA_BROKERS.split(',');
    const kafka = new KafkaLog({ brokers });
    for (let round = 0; round < ROUNDS; round++) {
      const bare = `bench-bare-${Date.now()}-${round}`;
      const ours = `bench-ours-${Date.now()}-${round}`;
      await kafka.createTopics([{ name: bare, partitions: 6 }, { name: ours, partitions: 6 }]);
      record('kafkajs-bare-produce', await timed(() => bareKafkaProduce(brokers, bare, batches)), bytes);
      record('kafka-log-produce', await timed(() => produceAll(kafka, ours, batches)), bytes);
      record('kafkajs-bare-consume', await timed(() => bareKafkaConsume(brokers, bare, RECORDS)), bytes);
      record('kafka-log-consume-decode', await timed(() => consumeAll(kafka, ours, RECORDS, codec)), bytes);
    }
    await kafka.close();
  }
} finally {
  await codec.close();
  await rm(work, { recursive: true, force: true });
}

const med = (name: string, key: keyof Throughput): number | undefined => {
  const runs = results.get(name);
  return runs ? median(runs.map((r) => r[key])) : undefined;
};
const ratio = (subject: string, baseline: string): number | undefined => {
  const a = med(subject, 'recordsPerSec');
  const b = med(baseline, 'recordsPerSec');
  return a !== undefined && b !== undefined ? Number((a / b).toFixed(3)) : undefined;
};
const summary = {
  summary: true,
  records: RECORDS,
  batch: BATCH,
  rounds: ROUNDS,
  payloadBytes: bytes,
  medians: Object.fromEntries([...results.keys()].map((k) => [k, { recordsPerSec: med(k, 'recordsPerSec'), mbPerSec: med(k, 'mbPerSec') }])),
  ratios: {
    embeddedProduceVsRawAppend: ratio('embedded-produce-1-partition', 'raw-append-fdatasync-per-batch'),
    embeddedProduce12pVsRawAppend: ratio('embedded-produce-12-partitions', 'raw-append-fdatasync-per-batch'),
    embeddedConsumeVsRawRead: ratio('embedded-consume-1-partition', 'raw-sequential-read'),
    embeddedConsumeDecodeVsRawRead: ratio('embedded-consume-decode-1-partition', 'raw-sequential-read'),
    kafkaProduceVsBare: ratio('kafka-log-produce', 'kafkajs-bare-produce'),
    kafkaConsumeDecodeVsBare: ratio('kafka-log-consume-decode', 'kafkajs-bare-consume'),
  },
  goals: { embeddedProduceVsRawAppend: 0.5, kafkaConsumeDecodeVsBare: 0.5 },
};
console.log(JSON.stringify(summary));
