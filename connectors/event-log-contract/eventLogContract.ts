import { describe } from 'vitest';
import type { EventLogContractSetup } from './internal/ContractContext.ts';
import { compactionAndLifecycleCases } from './internal/compactionAndLifecycleCases.ts';
import { consumerCases } from './internal/consumerCases.ts';
import { groupCases } from './internal/groupCases.ts';
import { offsetCases } from './internal/offsetCases.ts';
import { topicAndProduceCases } from './internal/topicAndProduceCases.ts';

/**
 * The one behavioural contract of the `EventLog` port, run against every implementation (the
 * embedded log always, Kafka when `KAFKA_BROKERS` is set). Every case names its topics and groups
 * uniquely (a real broker keeps them between tests and runs) and waits with bounded polling, never
 * fixed sleeps, for effects a broker makes asynchronous (group joins, rebalances, offset lookups).
 *
 * @example
 * describe.skipIf(!process.env.KAFKA_BROKERS)('KafkaLog', () => {
 *   describeEventLogContract('KafkaLog', { create: async () => KafkaLog.connect({ brokers }) });
 * });
 */
export function describeEventLogContract(name: string, setup: EventLogContractSetup): void {
  describe(`${name} (event log contract)`, () => {
    topicAndProduceCases(setup);
    offsetCases(setup);
    consumerCases(setup);
    groupCases(setup);
    compactionAndLifecycleCases(setup);
  });
}
