import { openConnectors } from './compose/index.ts';
import { loadConfig } from './config/index.ts';
import { IngestService, type IngestSink } from './ingest/index.ts';
import { createLogger } from './logging/index.ts';
import { topicName } from './topics/index.ts';

const logger = createLogger({ name: 'engine' });

// Until the actor runtime lands, decoded input events are only counted (IngestService.stats):
// ingestion, validation and dead-lettering are real, nothing downstream consumes them yet.
const countOnlySink: IngestSink = { handle: async () => {} };

async function main(): Promise<void> {
  const config = loadConfig();
  const connectors = await openConnectors(config, { createTopics: true });
  logger.info(
    {
      log: connectors.log.kind,
      dataDir: config.dataDir,
      kafka: config.kafkaBrokers.length > 0 ? config.kafkaBrokers : undefined,
      schemaRegistry: config.schemaRegistryUrl ?? 'local catalogue',
    },
    'engine starting',
  );
  const inputs = (['tickets', 'telemetry', 'cards'] as const).map((t) => topicName(config.topicPrefix, t));
  const ingest = new IngestService({
    log: connectors.log,
    codec: connectors.codec,
    publisher: connectors.publisher,
    groupId: config.groupId,
    topics: inputs,
    sink: countOnlySink,
    logger,
  });
  await ingest.start();
  logger.info({ topics: inputs, group: config.groupId }, 'engine running; Ctrl-C or SIGTERM stops it cleanly');
  // Also keeps the process alive: the embedded log's consumers wait on in-process notifications.
  const status = setInterval(() => logger.info(ingest.stats, 'ingest status'), 30_000);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'engine stopping: draining the batch in flight');
    clearInterval(status);
    await ingest.stop();
    await connectors.close();
    logger.info(ingest.stats, 'engine stopped');
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'engine failed to start');
  process.exitCode = 1;
});
