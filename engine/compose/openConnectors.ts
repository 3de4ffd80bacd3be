import { EventCatalogue } from '../../schemas/index.ts';
import { EmbeddedLog } from '../../connectors/embedded-log/index.ts';
import { KafkaLog, type KafkaLogOptions } from '../../connectors/kafka/index.ts';
import { LocalSchemaCatalogue, RegistrySchemaCodec } from '../../connectors/schema-registry/index.ts';
import type { EngineConfig } from '../config/index.ts';
import type { EventLog, SchemaCodec } from '../ports/index.ts';
import { EventPublisher } from '../publishing/index.ts';
import { topicSpecs } from '../topics/index.ts';

/** The connectors the configuration picked, opened and ready. */
export interface Connectors {
  log: EventLog;
  codec: SchemaCodec;
  publisher: EventPublisher;
  /** Closes everything opened here, the log last (it may hold the data-directory lock). */
  close(): Promise<void>;
}

export interface OpenConnectorsOptions {
  /** Create the engine's topics (idempotent). */
  createTopics?: boolean;
  /** Overrides of the Kafka log's defaults (the CLI shortens group timeouts, for example). */
  kafka?: Partial<Omit<KafkaLogOptions, 'brokers'>>;
}

/**
 * The composition root's one place that picks implementations: each service variable switches
 * one part to the real system, independently; everything else runs embedded under `dataDir`.
 *
 * @example
 * const { log, codec, publisher, close } = await openConnectors(loadConfig());
 */
export async function openConnectors(config: EngineConfig, { createTopics = true, kafka = {} }: OpenConnectorsOptions = {}): Promise<Connectors> {
  const log: EventLog =
    config.kafkaBrokers.length > 0
      ? new KafkaLog({ ...kafka, brokers: config.kafkaBrokers })
      : await EmbeddedLog.open({ dataDir: config.dataDir, fsync: config.fsync });
  let codec: SchemaCodec;
  try {
    codec = config.schemaRegistryUrl
      ? new RegistrySchemaCodec({ url: config.schemaRegistryUrl })
      : await LocalSchemaCatalogue.open({ dataDir: config.dataDir });
    if (createTopics) await log.createTopics(topicSpecs(config.topicPrefix));
  } catch (err) {
    await log.close();
    throw err;
  }
  const publisher = new EventPublisher({ log, codec, routes: EventCatalogue, topicPrefix: config.topicPrefix });
  return {
    log,
    codec,
    publisher,
    close: async () => {
      await codec.close();
      await log.close();
    },
  };
}
