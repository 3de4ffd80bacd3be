import type { TopicPartition } from '../../../engine/ports/EventLog.ts';
import { rangeAssign } from './rangeAssign.ts';

/** What the coordinator needs from a consumer. `revoke` and `assign` never reject. */
export interface GroupMember {
  readonly groupId: string;
  readonly topics: readonly string[];
  owned(): TopicPartition[];
  /** Stop fetching these, wait for their batches in flight, then (if `clean`) call onRevoke. */
  revoke(partitions: TopicPartition[], clean: boolean): Promise<void>;
  /** Position these from committed offsets, call onAssign, start fetching. */
  assign(partitions: TopicPartition[]): Promise<void>;
}

interface Group {
  members: GroupMember[];
  tail: Promise<void>;
}

const tpKey = (tp: TopicPartition) => `${tp.topic}\0${tp.partition}`;

/**
 * In-process group membership for the embedded log (one process owns the data directory, so the
 * whole group lives here). Rebalances run one at a time per group: every member first gives up
 * the partitions it loses (its batches in flight settle, onRevoke runs — where it commits), and
 * only then do members take up the partitions they gain, from the committed offsets. Partitions a
 * member keeps are not interrupted (the incremental style of Kafka's cooperative protocol), so
 * onRevoke/onAssign receive only what changed. Empty groups are kept (a few bytes each) so a join
 * queued behind the last leave can never end up in a second, parallel group object.
 */
export class GroupCoordinator {
  readonly #groups = new Map<string, Group>();

  constructor(readonly partitionsOf: (topic: string) => number) {}

  /** Adds a member and resolves when the resulting rebalance is complete. */
  join(member: GroupMember): Promise<void> {
    let group = this.#groups.get(member.groupId);
    if (!group) {
      group = { members: [], tail: Promise.resolve() };
      this.#groups.set(member.groupId, group);
    }
    const g = group;
    return this.#enqueue(g, () => {
      g.members.push(member);
      return this.#rebalance(g, null, true);
    });
  }

  /** Removes a member (its partitions revoked first; `clean` = call its onRevoke) and rebalances. */
  leave(member: GroupMember, clean: boolean): Promise<void> {
    const group = this.#groups.get(member.groupId);
    if (!group) return Promise.resolve();
    return this.#enqueue(group, () => {
      if (!group.members.includes(member)) return Promise.resolve();
      group.members = group.members.filter((m) => m !== member);
      return this.#rebalance(group, member, clean);
    });
  }

  #enqueue(group: Group, step: () => Promise<void>): Promise<void> {
    const run = group.tail.then(step);
    group.tail = run.catch(() => undefined);
    return run;
  }

  async #rebalance(group: Group, leaving: GroupMember | null, clean: boolean): Promise<void> {
    const target = rangeAssign(group.members, this.partitionsOf);
    const revokes: Array<Promise<void>> = [];
    if (leaving) revokes.push(leaving.revoke(leaving.owned(), clean));
    for (const m of group.members) {
      const keep = new Set(target.get(m)!.map(tpKey));
      const lost = m.owned().filter((tp) => !keep.has(tpKey(tp)));
      if (lost.length > 0) revokes.push(m.revoke(lost, true));
    }
    await Promise.all(revokes);
    await Promise.all(
      group.members.map((m) => {
        const have = new Set(m.owned().map(tpKey));
        const gained = target.get(m)!.filter((tp) => !have.has(tpKey(tp)));
        return gained.length > 0 ? m.assign(gained) : undefined;
      }),
    );
  }
}
