import type { Logger } from '../../../engine/logging/index.ts';
import type { TopicPartition } from '../../../engine/ports/index.ts';
import { PartitionState } from './PartitionState.ts';

export interface MembershipOptions {
  onAssign?: ((partitions: TopicPartition[]) => void | Promise<void>) | undefined;
  onRevoke?: ((partitions: TopicPartition[]) => void | Promise<void>) | undefined;
  /** An `onAssign` rejection (fatal for the consumer). */
  onAssignFailed: (error: unknown) => void;
  logger: Logger;
}

/**
 * Which partitions a group member owns, and its `onRevoke` / `onAssign` callbacks run strictly
 * in order on one chain: a revoke always completes before the next assign starts, each callback
 * gets a non-empty list, and `settled` tells batch delivery when the chain has caught up.
 * `generation` counts assignments, so a step can tell whether a newer one overtook it.
 *
 * @example
 * membership.assign([{ topic, partition: 0 }]); // onAssign runs once earlier revokes finished
 * await membership.revoke('stop');               // onRevoke of everything owned, if anything
 */
export class Membership {
  readonly #o: MembershipOptions;
  #owned: Set<string> | null = null;
  #list: TopicPartition[] = [];
  #chain: Promise<void> = Promise.resolve();
  #generation = 0;

  constructor(options: MembershipOptions) {
    this.#o = options;
  }

  /** Resolves when every callback queued so far has finished. */
  get settled(): Promise<void> {
    return this.#chain;
  }

  get generation(): number {
    return this.#generation;
  }

  /** True between a revoke and the next assignment (and before the first). */
  get revoked(): boolean {
    return this.#owned === null;
  }

  owns(key: string): boolean {
    return this.#owned !== null && this.#owned.has(key);
  }

  /** The partitions owned now (empty while revoked). */
  partitions(): TopicPartition[] {
    return this.#list.map(({ topic, partition }) => ({ topic, partition }));
  }

  /** Takes everything away and queues `onRevoke`; a no-op when nothing is owned. */
  revoke(reason: string): Promise<void> {
    if (this.#owned === null) return this.#chain;
    const partitions = this.#list;
    this.#owned = null;
    this.#list = [];
    this.#o.logger.debug({ reason, partitions }, 'partitions revoked');
    this.#chain = this.#chain.then(() => this.#call('onRevoke', partitions));
    return this.#chain;
  }

  /** Records a new assignment (revoking a previous one first) and queues `onAssign`. */
  assign(partitions: TopicPartition[]): Promise<void> {
    if (this.#owned !== null) void this.revoke('rejoin');
    this.#owned = new Set(partitions.map(({ topic, partition }) => PartitionState.key(topic, partition)));
    this.#list = partitions;
    this.#generation += 1;
    this.#o.logger.debug({ partitions }, 'partitions assigned');
    this.#chain = this.#chain.then(() => this.#call('onAssign', partitions));
    return this.#chain;
  }

  async #call(kind: 'onAssign' | 'onRevoke', partitions: TopicPartition[]): Promise<void> {
    const fn = this.#o[kind];
    if (fn === undefined || partitions.length === 0) return;
    try {
      await fn(partitions.map(({ topic, partition }) => ({ topic, partition })));
    } catch (err) {
      // The partitions are gone either way; what onRevoke failed to commit is redelivered.
      if (kind === 'onRevoke') this.#o.logger.warn({ err, partitions }, 'onRevoke failed');
      else this.#o.onAssignFailed(err);
    }
  }
}
