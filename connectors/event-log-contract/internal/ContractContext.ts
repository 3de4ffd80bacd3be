import { it } from 'vitest';
import type { EventLog } from '../../../engine/ports/EventLog.ts';
import { ContractHarness } from './ContractHarness.ts';

/** How the contract suite reaches the implementation under test. */
export interface EventLogContractSetup {
  /**
   * A new, open connection to the log under test. The suite closes every log it creates. Tests
   * name their own topics and groups uniquely, so `create` may return connections to one shared
   * broker (Kafka) or a fresh log per call (embedded).
   */
  create(): Promise<EventLog>;
  /**
   * Given a log the suite has just closed, opens it again on the same data (the same broker, the
   * same data directory). When present, the suite also checks that everything survives a reopen.
   */
  reopen?(closed: EventLog): Promise<EventLog>;
  /** Upper bound on any wait for an asynchronous effect (group join, records arriving). Default 30 000 ms. */
  waitMs?: number;
  /** How long a test watches for "nothing arrives" (paused partitions). Default 500 ms. */
  quietMs?: number;
}

/** What every case gets: a harness with a tracked open log and the setup's bounds. */
export interface CaseTools {
  h: ContractHarness;
  log: EventLog;
  setup: EventLogContractSetup;
  waitMs: number;
  quietMs: number;
}

/** Registers one case: opens a log, runs the body, and always stops consumers and closes logs. */
export function contractCase(setup: EventLogContractSetup, name: string, body: (tools: CaseTools) => Promise<void>): void {
  const waitMs = setup.waitMs ?? 30_000;
  const quietMs = setup.quietMs ?? 500;
  const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40).replace(/-+$/, '');
  it(
    name,
    async () => {
      const h = new ContractHarness(slug);
      try {
        const log = h.track(await setup.create());
        await body({ h, log, setup, waitMs, quietMs });
      } finally {
        await h.cleanup();
      }
    },
    // A case waits on a few bounded things in sequence; leave room for all of them.
    waitMs * 4,
  );
}
