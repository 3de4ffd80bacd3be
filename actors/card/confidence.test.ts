import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  confidenceAfterApproval,
  confidenceAfterOutcome,
  confidenceLevelOf,
  effectivenessOf,
  isUnderperforming,
} from './confidence.ts';

const score = fc.double({ min: 0, max: 1, noNaN: true });
const outcome = fc.constantFrom('success' as const, 'failure' as const, 'partial' as const);

describe('confidence', () => {
  describe('when a card is used', () => {
    it('keeps the score within [0, 1] over any sequence of outcomes', () => {
      fc.assert(
        fc.property(score, fc.array(outcome, { maxLength: 300 }), (start, outcomes) => {
          const end = outcomes.reduce((c: number, o) => confidenceAfterOutcome(c, o), start);
          expect(end).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThanOrEqual(1);
        }),
      );
    });

    it('never lowers the score on success and raises it by at most 0.01', () => {
      fc.assert(
        fc.property(score, (c) => {
          const next = confidenceAfterOutcome(c, 'success');
          expect(next).toBeGreaterThanOrEqual(c);
          expect(next - c).toBeLessThanOrEqual(0.01 + 1e-12);
          expect(next).toBeCloseTo(c + Math.min(0.01, (1 - c) * 0.05), 12);
        }),
      );
    });

    it('never raises the score on failure and lowers it by at most 0.02', () => {
      fc.assert(
        fc.property(score, (c) => {
          const next = confidenceAfterOutcome(c, 'failure');
          expect(next).toBeLessThanOrEqual(c);
          expect(c - next).toBeLessThanOrEqual(0.02 + 1e-12);
          expect(next).toBeCloseTo(c + Math.max(-0.02, -0.1 * c), 12);
        }),
      );
    });

    it('leaves the score unchanged on partial', () => {
      fc.assert(
        fc.property(score, (c) => {
          expect(confidenceAfterOutcome(c, 'partial')).toBe(c);
        }),
      );
    });

    it('depends on the order of outcomes', () => {
      // Below 0.2 a failure is uncapped (-10 %), above it the cap applies: the order matters.
      const sf = confidenceAfterOutcome(confidenceAfterOutcome(0.1, 'success'), 'failure');
      const fs = confidenceAfterOutcome(confidenceAfterOutcome(0.1, 'failure'), 'success');
      expect(sf).not.toBe(fs);
    });
  });

  describe('when an expert approves', () => {
    it('adds 0.2 capped at 1', () => {
      fc.assert(
        fc.property(score, (c) => {
          const next = confidenceAfterApproval(c);
          expect(next).toBeLessThanOrEqual(1);
          expect(next).toBeGreaterThanOrEqual(c);
          expect(next).toBeCloseTo(Math.min(1, c + 0.2), 12);
        }),
      );
      expect(confidenceAfterApproval(0.95)).toBe(1);
    });
  });

  describe('when the level is derived', () => {
    it('uses the spec thresholds and is monotonic in the score', () => {
      expect([0.39, 0.4, 0.69, 0.7, 0.89, 0.9, 1].map(confidenceLevelOf)).toEqual([
        'low', 'medium', 'medium', 'high', 'high', 'verified', 'verified',
      ]);
      const rank = { low: 0, medium: 1, high: 2, verified: 3 } as const;
      fc.assert(
        fc.property(score, score, (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(rank[confidenceLevelOf(lo)]).toBeLessThanOrEqual(rank[confidenceLevelOf(hi)]);
        }),
      );
    });
  });

  describe('when effectiveness is computed', () => {
    it('is success/usage + min(0.1, usage/100), and 0 for an unused card', () => {
      expect(effectivenessOf({ success_count: 0, usage_count: 0 })).toBe(0);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (usage, share) => {
          const success = Math.floor(usage * share);
          const eff = effectivenessOf({ success_count: success, usage_count: usage });
          expect(eff).toBe(success / usage + Math.min(0.1, usage / 100));
          expect(eff).toBeGreaterThanOrEqual(0);
          expect(eff).toBeLessThanOrEqual(1.1);
        }),
      );
    });

    it('flags only approved cards used more than 10 times below 0.5', () => {
      expect(isUnderperforming({ status: 'approved', usage_count: 11, effectiveness_score: 0.49 })).toBe(true);
      expect(isUnderperforming({ status: 'approved', usage_count: 10, effectiveness_score: 0.1 })).toBe(false);
      expect(isUnderperforming({ status: 'approved', usage_count: 11, effectiveness_score: 0.5 })).toBe(false);
      expect(isUnderperforming({ status: 'pending_review', usage_count: 50, effectiveness_score: 0 })).toBe(false);
    });
  });
});
