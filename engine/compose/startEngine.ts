import { cardEntityOf, cardMachine, ticketEntityOf, ticketMachine } from '../../actors/index.ts';
import { FileStateStore } from '../../connectors/state-store/index.ts';
import type { EngineConfig } from '../config/index.ts';
import { IngestService } from '../ingest/index.ts';
import type { Logger } from '../logging/index.ts';
import { NoSuggestionsMatcher } from '../matching/index.ts';
import type { Matcher, StateStore } from '../ports/index.ts';
import { ActorRuntime, type ActorKind } from '../runtime/index.ts';
import { topicName } from '../topics/index.ts';
import { openConnectors, type Connectors } from './openConnectors.ts';

/** The actor kinds the engine hosts. */
export const engineKinds: ActorKind[] = [
  { name: 'ticket', machine: ticketMachine, entityOf: ticketEntityOf },
  { name: 'card', machine: cardMachine, entityOf: cardEntityOf },
];

export interface StartEngineOptions {
  config: EngineConfig;
  logger: Logger;
  /** Defaults to the no-suggestions placeholder until the matching issue lands. */
  matcher?: Matcher;
  /** Live actors kept in memory before the least recently used are passivated. */
  maxLiveActors?: number;
  /** A batch could not be applied: ingestion has stopped; the default logs it (main.ts exits). */
  onFatal?: (err: unknown) => void;
}

/** A running engine and how to stop it cleanly. */
export interface Engine {
  connectors: Connectors;
  store: StateStore;
  runtime: ActorRuntime;
  ingest: IngestService;
  /** Drains the batch in flight (outputs, snapshots, commit), then closes everything. */
  stop(): Promise<void>;
}

/**
 * The composition root: opens the connectors the configuration picks, the state store (Redis
 * with `REDIS_URL`, files otherwise), and runs the actor runtime behind the ingest consumer.
 *
 * @example
 * const engine = await startEngine({ config: loadConfig(), logger });
 * process.once('SIGTERM', () => engine.stop());
 */
export async function startEngine({ config, logger, matcher = new NoSuggestionsMatcher(), maxLiveActors, onFatal }: StartEngineOptions): Promise<Engine> {
  const { kafkaSessionTimeoutMs: sessionTimeoutMs } = config;
  // Kafka requires heartbeats well inside the session, and a rebalance window above it.
  const kafka = {
    sessionTimeoutMs,
    heartbeatIntervalMs: Math.floor(sessionTimeoutMs / 10),
    rebalanceTimeoutMs: 2 * sessionTimeoutMs,
    // A crash kafkajs will not restart stops the consumer for good: treat it like a failed batch.
    onConsumerFailure: ({ reason, error }: { reason: string; error: unknown }) => {
      if (reason !== 'crash') return;
      logger.error({ err: error }, 'ingestion stopped: the Kafka consumer crashed');
      onFatal?.(error);
    },
  };
  const connectors = await openConnectors(config, { createTopics: true, kafka });
  let store: StateStore;
  try {
    store = config.redisUrl
      ? await (await import('../../connectors/redis/index.ts')).RedisStateStore.connect({ url: config.redisUrl, keyPrefix: `efi:state:${config.groupId}:` })
      : await FileStateStore.open({ dataDir: config.dataDir });
  } catch (err) {
    await connectors.close();
    throw err;
  }
  const runtime = new ActorRuntime({ kinds: engineKinds, store, publisher: connectors.publisher, matcher, logger, maxLiveActors });
  const inputs = (['tickets', 'telemetry', 'cards'] as const).map((t) => topicName(config.topicPrefix, t));
  const ingest = new IngestService({
    log: connectors.log,
    codec: connectors.codec,
    publisher: connectors.publisher,
    groupId: config.groupId,
    topics: inputs,
    sink: runtime,
    logger,
    onRevoke: (namespaces) => runtime.release(namespaces),
    onFatal: (err) => {
      logger.error({ err }, 'ingestion stopped: a batch could not be applied');
      onFatal?.(err);
    },
  });
  try {
    await ingest.start();
  } catch (err) {
    await ingest.stop().catch(() => {});
    await store.close();
    await connectors.close();
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    connectors,
    store,
    runtime,
    ingest,
    stop: () =>
      (stopped ??= (async () => {
        await ingest.stop();
        runtime.stop();
        await store.close();
        await connectors.close();
      })()),
  };
}
