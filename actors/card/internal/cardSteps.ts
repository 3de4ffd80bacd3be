import type { ConfidenceChange, EventMap } from '../../../schemas/index.ts';
import type { ActorEffect } from '../../runtime-contract/index.ts';
import type { CardContext, CardEvent, CardRecord } from '../card.types.ts';
import { CardTimer } from '../card.types.ts';
import {
  clampConfidence,
  confidenceAfterApproval,
  confidenceAfterOutcome,
  confidenceLevelOf,
  DEFAULT_CONFIDENCE,
  effectivenessOf,
  isUnderperforming,
} from '../confidence.ts';

/** What one accepted event does: the next context and the effects to ask the runtime for. */
export interface CardStep {
  context: CardContext;
  effects: ActorEffect[];
}

type ConfidenceUpdatedFields = Omit<EventMap['ConfidenceUpdated'], 'event_id' | 'occurred_at'>;

type Ev<K extends CardEvent['type']> = Extract<CardEvent, { type: K }>;

/** The flag travels in CardState: an overdue review or an underperforming approved card. */
function withFlag(card: CardRecord, reviewOverdue: boolean): CardRecord {
  return { ...card, flagged_for_review: (reviewOverdue && card.status === 'pending_review') || isUnderperforming(card) };
}

/** Every accepted event ends here: ConfidenceUpdated when the score moved, then the full state. */
function commit(context: CardContext, card: CardRecord, change: ConfidenceChange | null, extra: ActorEffect[] = []): CardStep {
  const next = withFlag(card, context.review_overdue);
  const effects: ActorEffect[] = [...extra];
  if (change) {
    // ConfidenceUpdated carries no `at`: the runtime stamps occurred_at from the input event.
    const { at: _at, ...fields } = change;
    const event: ConfidenceUpdatedFields = { card_id: next.card_id, ...fields, level: next.confidence_level };
    effects.push({ type: 'output', eventType: 'ConfidenceUpdated', event: { ...event } });
  }
  effects.push({ type: 'output', eventType: 'CardState', event: { ...next } });
  return { context: { ...context, card: next }, effects };
}

/** The score change (and its history entry) or null when the score did not move. */
function scoreChange(
  card: CardRecord,
  newScore: number,
  meta: Pick<ConfidenceChange, 'reason' | 'ticket_id' | 'technician_id' | 'at'>,
): { card: CardRecord; change: ConfidenceChange | null } {
  if (newScore === card.confidence_score) return { card, change: null };
  const change: ConfidenceChange = { previous_score: card.confidence_score, new_score: newScore, ...meta };
  return {
    card: {
      ...card,
      confidence_score: newScore,
      confidence_level: confidenceLevelOf(newScore),
      // Kept whole, as the spec asks: it grows by one entry per score change (~150 B in JSON),
      // which the changelog carries anyway; see the report on memory.
      confidence_history: [...card.confidence_history, change],
    },
    change,
  };
}

export function draftCard(context: CardContext, e: Ev<'CardDrafted'>): CardStep {
  const score = e.confidence_score === null ? DEFAULT_CONFIDENCE : clampConfidence(e.confidence_score);
  const card: CardRecord = {
    card_id: e.card_id,
    version: 1,
    status: 'draft',
    content: e.content,
    confidence_score: score,
    confidence_level: confidenceLevelOf(score),
    usage_count: 0,
    success_count: 0,
    failure_count: 0,
    effectiveness_score: 0,
    flagged_for_review: false,
    confidence_history: [],
    source_type: e.source_type,
    source_ticket_id: e.source_ticket_id,
    created_at: e.occurred_at,
    updated_at: e.occurred_at,
    approved_at: null,
    approved_by: null,
    last_used_at: null,
    deprecated_at: null,
    deprecation_reason: null,
  };
  return commit(context, card, null);
}

export function submitCard(context: CardContext, card: CardRecord, e: Ev<'CardSubmitted'>): CardStep {
  const due = e.occurred_at + context.review_deadline_ms;
  return commit(
    { ...context, review_due_at: due, review_overdue: false },
    { ...card, status: 'pending_review', updated_at: e.occurred_at },
    null,
    [{ type: 'schedule', name: CardTimer.reviewDeadline, at: due }],
  );
}

export function approveCard(context: CardContext, card: CardRecord, e: Ev<'CardApproved'>): CardStep {
  const cancel: ActorEffect[] =
    context.review_due_at === null ? [] : [{ type: 'cancel', name: CardTimer.reviewDeadline }];
  const approved: CardRecord = { ...card, status: 'approved', approved_at: e.occurred_at, approved_by: e.approver, updated_at: e.occurred_at };
  const { card: scored, change } = scoreChange(approved, confidenceAfterApproval(card.confidence_score), {
    reason: 'expert_approval',
    ticket_id: null,
    technician_id: null,
    at: e.occurred_at,
  });
  return commit({ ...context, review_due_at: null, review_overdue: false }, scored, change, cancel);
}

export function reviseCard(context: CardContext, card: CardRecord, e: Ev<'CardRevised'>): CardStep {
  return commit(context, { ...card, content: e.content, version: card.version + 1, updated_at: e.occurred_at }, null);
}

export function deprecateCard(context: CardContext, card: CardRecord, e: Ev<'CardDeprecated'>): CardStep {
  const cancel: ActorEffect[] =
    context.review_due_at === null ? [] : [{ type: 'cancel', name: CardTimer.reviewDeadline }];
  return commit(
    { ...context, review_due_at: null, review_overdue: false },
    { ...card, status: 'deprecated', deprecated_at: e.occurred_at, deprecation_reason: e.reason, updated_at: e.occurred_at },
    null,
    cancel,
  );
}

export function useCard(context: CardContext, card: CardRecord, e: Ev<'CardUsed'>): CardStep {
  const counted: CardRecord = {
    ...card,
    usage_count: card.usage_count + 1,
    success_count: card.success_count + (e.outcome === 'success' ? 1 : 0),
    failure_count: card.failure_count + (e.outcome === 'failure' ? 1 : 0),
    last_used_at: e.occurred_at,
    updated_at: e.occurred_at,
  };
  counted.effectiveness_score = effectivenessOf(counted);
  const { card: scored, change } = scoreChange(counted, confidenceAfterOutcome(card.confidence_score, e.outcome), {
    reason: `usage_${e.outcome}`,
    ticket_id: e.ticket_id,
    technician_id: e.technician_id,
    at: e.occurred_at,
  });
  return commit(context, scored, change);
}

export function reviewOverdue(context: CardContext, card: CardRecord, e: Ev<'TIMER'>): CardStep {
  return commit({ ...context, review_due_at: null, review_overdue: true }, { ...card, updated_at: e.at }, null);
}
