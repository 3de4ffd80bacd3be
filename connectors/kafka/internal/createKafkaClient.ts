import type { Kafka as KafkaClient, RetryOptions } from 'kafkajs';
import { Kafka } from './kafkajs.ts';
import { kafkaLevelFor, kafkaLogCreator } from './kafkaLogCreator.ts';
import type { ResolvedKafkaLogOptions } from './resolveOptions.ts';

/** The retry policy every kafkajs client of this log uses (exhausted → `LOG_UNAVAILABLE`). */
export function retryPolicy(o: ResolvedKafkaLogOptions): RetryOptions {
  return { retries: o.retries, initialRetryTime: o.initialRetryMs, maxRetryTime: o.maxRetryMs, factor: 0.2, multiplier: 2 };
}

/**
 * A kafkajs client wired to our logger. One per consumer as well as one for admin and producer:
 * kafkajs shares a committed-offset cache between all consumers of one client and group, which
 * two members of one group in one process would otherwise clear under each other at every join.
 *
 * @example
 * const kafka = createKafkaClient(settings);
 */
export function createKafkaClient(o: ResolvedKafkaLogOptions): KafkaClient {
  return new Kafka({
    brokers: o.brokers,
    clientId: o.clientId,
    connectionTimeout: o.connectionTimeoutMs,
    requestTimeout: o.requestTimeoutMs,
    retry: retryPolicy(o),
    logLevel: kafkaLevelFor(o.logger),
    logCreator: kafkaLogCreator(o.logger),
    ...(o.socketFactory === undefined ? {} : { socketFactory: o.socketFactory }),
  });
}
