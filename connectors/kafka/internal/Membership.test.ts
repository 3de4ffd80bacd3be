import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { TopicPartition } from '../../../engine/ports/index.ts';
import { Membership } from './Membership.ts';
import { PartitionState } from './PartitionState.ts';

const tp = (partition: number) => ({ topic: 't', partition });
const silent = pino({ level: 'silent' });

function recorder({ slowRevoke = 0, failAssign = false } = {}) {
  const calls: string[] = [];
  const failures: unknown[] = [];
  const fmt = (ps: TopicPartition[]) => ps.map((p) => p.partition).join(',');
  const membership = new Membership({
    logger: silent,
    onAssign: async (ps) => {
      calls.push(`+${fmt(ps)}`);
      if (failAssign) throw new Error('cannot load state');
    },
    onRevoke: async (ps) => {
      calls.push(`-${fmt(ps)} start`);
      await new Promise((r) => setTimeout(r, slowRevoke));
      calls.push(`-${fmt(ps)} end`);
    },
    onAssignFailed: (err) => failures.push(err),
  });
  return { membership, calls, failures };
}

describe('Membership', () => {
  describe('when a rebalance revokes and reassigns', () => {
    it('finishes a slow onRevoke before the next onAssign starts', async () => {
      const { membership, calls } = recorder({ slowRevoke: 30 });
      membership.assign([tp(0), tp(1)]);
      void membership.revoke('rebalance');
      membership.assign([tp(1)]);
      await membership.settled;
      expect(calls).toEqual(['+0,1', '-0,1 start', '-0,1 end', '+1']);
    });

    it('revokes first when a new assignment arrives without a revoke', async () => {
      const { membership, calls } = recorder();
      membership.assign([tp(0)]);
      membership.assign([tp(2)]);
      await membership.settled;
      expect(calls).toEqual(['+0', '-0 start', '-0 end', '+2']);
      expect(membership.partitions()).toEqual([tp(2)]);
      expect(membership.generation).toBe(2);
    });
  });

  describe('when nothing is owned', () => {
    it('does not call onRevoke, and never calls back with an empty list', async () => {
      const { membership, calls } = recorder();
      await membership.revoke('stop');
      membership.assign([]);
      await membership.revoke('stop');
      expect(calls).toEqual([]);
      expect(membership.revoked).toBe(true);
    });
  });

  describe('when ownership is asked', () => {
    it('answers from the current assignment only', async () => {
      const { membership } = recorder();
      membership.assign([tp(3)]);
      expect(membership.owns(PartitionState.key('t', 3))).toBe(true);
      void membership.revoke('rebalance');
      expect(membership.owns(PartitionState.key('t', 3))).toBe(false);
      expect(membership.partitions()).toEqual([]);
    });
  });

  describe('when onAssign rejects', () => {
    it('reports the failure and keeps the chain alive', async () => {
      const { membership, calls, failures } = recorder({ failAssign: true });
      membership.assign([tp(0)]);
      await membership.settled;
      await membership.revoke('stop');
      expect(failures).toHaveLength(1);
      expect(calls).toEqual(['+0', '-0 start', '-0 end']);
    });
  });
});
