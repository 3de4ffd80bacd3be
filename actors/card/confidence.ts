import type { CardStatus, ConfidenceLevel, ResolutionOutcome } from '../../schemas/index.ts';

/**
 * The confidence model of the spec (efi-spec-v2 §5.1 "Confidence scoring model"), as pure
 * functions so the machine, replays with changed parameters and the property tests share one
 * implementation.
 */
export interface ConfidenceSteps {
  /** Largest raise a success can give. */
  successCap: number;
  /** Share of the remaining headroom (1 - c) a success adds, before the cap. */
  successRate: number;
  /** Largest drop a failure can give (positive number). */
  failureCap: number;
  /** Share of the current score a failure removes, before the cap. */
  failureRate: number;
  /** Raise for an expert approval (capped at 1). */
  approvalBoost: number;
}

/** The spec's parameters. */
export const DEFAULT_CONFIDENCE_STEPS: ConfidenceSteps = {
  successCap: 0.01,
  successRate: 0.05,
  failureCap: 0.02,
  failureRate: 0.1,
  approvalBoost: 0.2,
};

/** A drafted card without an explicit initial score starts here (spec: CardDrafted default). */
export const DEFAULT_CONFIDENCE = 0.5;

/**
 * Confidence clipped to [0, 1]; NaN (a corrupt input) becomes the default rather than poisoning
 * every later update.
 *
 * @example clampConfidence(1.3) // 1
 */
export function clampConfidence(score: number): number {
  if (Number.isNaN(score)) return DEFAULT_CONFIDENCE;
  return Math.min(1, Math.max(0, score));
}

/**
 * The score after a ticket closed with this card: success `+min(0.01, (1-c)*0.05)`, failure
 * `+max(-0.02, -0.1*c)`. `partial` leaves the score unchanged: the spec gives it no adjustment
 * (its conflict resolver only knows success, failure and expert approval), while the usage is
 * still counted by the caller.
 *
 * @example confidenceAfterOutcome(0.5, 'success') // 0.51
 */
export function confidenceAfterOutcome(
  score: number,
  outcome: ResolutionOutcome,
  steps: ConfidenceSteps = DEFAULT_CONFIDENCE_STEPS,
): number {
  const c = clampConfidence(score);
  switch (outcome) {
    case 'success':
      return clampConfidence(c + Math.min(steps.successCap, (1 - c) * steps.successRate));
    case 'failure':
      return clampConfidence(c + Math.max(-steps.failureCap, -steps.failureRate * c));
    case 'partial':
      return c;
  }
}

/**
 * The score after an expert approval: `+0.2`, capped at 1.
 *
 * @example confidenceAfterApproval(0.9) // 1
 */
export function confidenceAfterApproval(score: number, steps: ConfidenceSteps = DEFAULT_CONFIDENCE_STEPS): number {
  return clampConfidence(clampConfidence(score) + steps.approvalBoost);
}

/**
 * verified ≥ 0.90, high ≥ 0.70, medium ≥ 0.40, low below.
 *
 * @example confidenceLevelOf(0.7) // 'high'
 */
export function confidenceLevelOf(score: number): ConfidenceLevel {
  if (score >= 0.9) return 'verified';
  if (score >= 0.7) return 'high';
  if (score >= 0.4) return 'medium';
  return 'low';
}

/**
 * `success/usage + min(0.1, usage/100)`; 0 for an unused card (the ratio is undefined). It can
 * exceed 1 (a perfect record plus the usage bonus), as the spec's formula does.
 *
 * @example effectivenessOf({ success_count: 8, usage_count: 10 }) // 0.9
 */
export function effectivenessOf({ success_count, usage_count }: { success_count: number; usage_count: number }): number {
  if (usage_count <= 0) return 0;
  return success_count / usage_count + Math.min(0.1, usage_count / 100);
}

/**
 * Approved cards used more than 10 times with effectiveness below 0.5 go back to the experts.
 *
 * @example isUnderperforming({ status: 'approved', usage_count: 11, effectiveness_score: 0.3 }) // true
 */
export function isUnderperforming({
  status,
  usage_count,
  effectiveness_score,
}: {
  status: CardStatus;
  usage_count: number;
  effectiveness_score: number;
}): boolean {
  return status === 'approved' && usage_count > 10 && effectiveness_score < 0.5;
}
