import type {
  CardApproved,
  CardDeprecated,
  CardDrafted,
  CardRevised,
  CardState,
  CardSubmitted,
  CardUsed,
} from '../../schemas/index.ts';
import type { TimerEvent } from '../runtime-contract/index.ts';

/** The card as the actor keeps it: the changelog's CardState without the two per-event fields. */
export type CardRecord = Omit<CardState, 'event_id' | 'occurred_at'>;

/** Timer names the card actor schedules. */
export const CardTimer = { reviewDeadline: 'review-deadline' } as const;

export interface CardContext {
  /** null until the card's CardDrafted arrives. */
  card: CardRecord | null;
  /** Event time the pending review is due (set on submit). */
  review_due_at: number | null;
  /** The review deadline passed while the card was still pending review. */
  review_overdue: boolean;
  /** Copied from the input so a restored actor keeps its configuration. */
  review_deadline_ms: number;
}

export interface CardInput {
  /** How long a submitted card may wait for an expert, in ms (default 7 days). */
  reviewDeadlineMs?: number;
}

/** The events the card actor takes: the cards topic's events with their literal type, plus timers. */
export type CardEvent =
  | ({ type: 'CardDrafted' } & CardDrafted)
  | ({ type: 'CardSubmitted' } & CardSubmitted)
  | ({ type: 'CardApproved' } & CardApproved)
  | ({ type: 'CardRevised' } & CardRevised)
  | ({ type: 'CardDeprecated' } & CardDeprecated)
  | ({ type: 'CardUsed' } & CardUsed)
  | TimerEvent;

/** The machine's state values; they equal the card's `status` once drafted. */
export type CardStateValue = 'empty' | 'draft' | 'pending_review' | 'approved' | 'deprecated';
