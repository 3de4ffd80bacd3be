import { randomBytes } from 'node:crypto';
import type { ConsumerOptions, EventLog, LogConsumer } from '../../../engine/ports/EventLog.ts';
import { Collector } from './Collector.ts';

/**
 * Per-test resources with unique names (a real broker keeps topics and groups between tests and
 * runs), and cleanup of every consumer and connection the test opened.
 */
export class ContractHarness {
  readonly #logs: EventLog[] = [];
  readonly #consumers: LogConsumer[] = [];
  readonly #run = randomBytes(4).toString('hex');
  #counter = 0;

  constructor(readonly caseName: string) {}

  track(log: EventLog): EventLog {
    this.#logs.push(log);
    return log;
  }

  untrack(log: EventLog): void {
    const i = this.#logs.indexOf(log);
    if (i >= 0) this.#logs.splice(i, 1);
  }

  /** A topic or group name no other test or run uses (Kafka's legal characters only). */
  name(kind: 'topic' | 'group'): string {
    this.#counter += 1;
    return `efi-contract.${kind}.${this.caseName}.${this.#run}.${this.#counter}`;
  }

  async topic(log: EventLog, partitions: number, compacted = false): Promise<string> {
    const name = this.name('topic');
    await log.createTopics([{ name, partitions, compacted }]);
    return name;
  }

  collector(log: EventLog, options: ConsumerOptions, extra?: { commitEachBatch?: boolean }): Collector {
    const collector = new Collector(log, options, extra);
    this.#consumers.push(collector.consumer);
    return collector;
  }

  async cleanup(): Promise<void> {
    const errors: unknown[] = [];
    for (const consumer of this.#consumers.splice(0)) await consumer.stop().catch((e) => errors.push(e));
    for (const log of this.#logs.splice(0)) await log.close().catch((e) => errors.push(e));
    if (errors.length > 0) throw new AggregateError(errors, `cleanup of ${this.caseName} failed`);
  }
}
