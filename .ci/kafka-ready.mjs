// Exit 0 when the Kafka broker at argv[2] answers a metadata request through kafkajs (the client
// the engine uses), 1 otherwise. One attempt: the caller polls.
import { Kafka, logLevel } from 'kafkajs';

const broker = process.argv[2] ?? '127.0.0.1:9092';
const kafka = new Kafka({
  clientId: 'efi-ci-ready',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  // The caller polls every half second; a long per-attempt wait would only delay the answer.
  connectionTimeout: 1_000,
  requestTimeout: 2_000,
  retry: { retries: 0 },
});
const admin = kafka.admin();
try {
  await admin.connect();
  const topics = await admin.listTopics();
  const { controller, brokers } = await admin.describeCluster();
  if (controller === null || controller < 0 || brokers.length === 0) throw new Error('no controller yet');
  // Finding a group coordinator makes the broker create __consumer_offsets; doing it here keeps
  // "group coordinator not available" retries out of the first test that joins a group.
  await admin.describeGroups(['efi-ci-ready']);
  console.log(`kafka ${broker}: ${brokers.length} broker(s), controller ${controller}, ${topics.length} topic(s)`);
  await admin.disconnect();
  process.exit(0);
} catch (err) {
  console.error(`kafka ${broker} not ready: ${err?.message ?? err}`);
  await admin.disconnect().catch(() => {});
  process.exit(1);
}
