import { startEngine } from './compose/index.ts';
import { loadConfig } from './config/index.ts';
import { createLogger } from './logging/index.ts';

const logger = createLogger({ name: 'engine' });

async function main(): Promise<void> {
  const config = loadConfig();
  const engine = await startEngine({
    config,
    logger,
    // A stopped consumer must not leave a process that looks alive: exit, let the supervisor
    // restart it, and the batch is redelivered from the last commit.
    onFatal: () => {
      logger.fatal('exiting: ingestion stopped');
      process.exit(1);
    },
  });
  logger.info(
    {
      log: engine.connectors.log.kind,
      store: engine.store.kind,
      dataDir: config.dataDir,
      kafka: config.kafkaBrokers.length > 0 ? config.kafkaBrokers : undefined,
      schemaRegistry: config.schemaRegistryUrl ?? 'local catalogue',
      group: config.groupId,
    },
    'engine running; Ctrl-C or SIGTERM stops it cleanly',
  );
  // Also keeps the process alive: the embedded log's consumers wait on in-process notifications.
  const status = setInterval(() => logger.info({ ingest: engine.ingest.stats, runtime: engine.runtime.stats }, 'status'), 30_000);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'engine stopping: draining the batch in flight');
    clearInterval(status);
    await engine.stop();
    logger.info({ ingest: engine.ingest.stats, runtime: engine.runtime.stats }, 'engine stopped');
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'engine failed to start');
  // Whatever half-started (a consumer's reconnect timers) must not keep a failed engine alive.
  process.exit(1);
});
