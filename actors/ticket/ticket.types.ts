import type {
  CardSelected,
  DiagnosticStepRecorded,
  HypothesisRejected,
  ResolutionOutcome,
  TicketClosed,
  TicketCreated,
  TicketReopened,
  Vehicle,
} from '../../schemas/index.ts';
import type { MatchResultEvent, TimerEvent } from '../runtime-contract/index.ts';

/** Timer names the ticket actor schedules. */
export const TicketTimer = { sla: 'sla', reopenWindow: 'reopen-window' } as const;

/** How a closed ticket ended. */
export const TicketResolution = ['resolved_with_card', 'new_failure', 'unresolved'] as const;
export type TicketResolution = (typeof TicketResolution)[number];

/** The machine's state values. `idle` = no TicketCreated yet. */
export type TicketStateValue = 'idle' | 'matching' | 'suggested' | 'diagnosing' | 'closed' | 'reopened';

export interface TicketSuggestion {
  card_id: string;
  /** 1 = best. */
  rank: number;
  match_score: number;
}

export interface TicketStep {
  step: string;
  result: string;
  card_id: string | null;
  at: number;
}

export interface TicketRejection {
  card_id: string;
  reason: string;
  at: number;
}

export interface TicketHistoryEntry {
  state: TicketStateValue;
  event: string;
  at: number;
}

export interface TicketContext {
  ticket_id: string;
  location_id: string;
  technician_id: string;
  created_at: number;
  /** Latest event time seen; MATCH_RESULT carries none and is stamped with it. */
  last_event_at: number;
  // Kept only because a successful close without a card drafts a card from them.
  title: string;
  symptom_text: string;
  error_codes: string[];
  vehicle: Vehicle;
  load_state: string | null;
  suggestions: TicketSuggestion[];
  steps_count: number;
  /** The most recent steps (bounded, texts shortened); the full texts stay on the tickets topic. */
  steps: TicketStep[];
  /** Ruled-out cards, one entry per card (bounded, reasons shortened). */
  rejected: TicketRejection[];
  selected_card_id: string | null;
  /** Who selected the card, reported with the outcome when the close names no technician. */
  selected_by: string | null;
  outcome: ResolutionOutcome | null;
  resolution: TicketResolution | null;
  closed_at: number | null;
  close_count: number;
  /** 1-5, or null when absent or out of range (`rating_invalid` then says which). */
  technician_rating: number | null;
  rating_invalid: boolean;
  drafted_card_id: string | null;
  sla_due_at: number | null;
  sla_breached: boolean;
  reopen_count: number;
  reopened_at: number | null;
  /** A reopen came less than the reopen window after its close: the first-time fix failed. */
  reopened_within_window: boolean;
  /** The reopen-window timer fired: the first-time-fix verdict of the last close is final. */
  reopen_window_closed: boolean;
  history: TicketHistoryEntry[];
  sla_ms: number;
  reopen_window_ms: number;
}

export interface TicketInput {
  /** Time to resolve before the ticket counts as an SLA breach, in ms (default 48 h). */
  slaMs?: number;
  /** A reopen within this long after close counts against first-time fix, in ms (default 7 days). */
  reopenWindowMs?: number;
}

/** The events the ticket actor takes: the tickets topic's events, match results and timers. */
export type TicketEvent =
  | ({ type: 'TicketCreated' } & TicketCreated)
  | ({ type: 'DiagnosticStepRecorded' } & DiagnosticStepRecorded)
  | ({ type: 'HypothesisRejected' } & HypothesisRejected)
  | ({ type: 'CardSelected' } & CardSelected)
  | ({ type: 'TicketClosed' } & TicketClosed)
  | ({ type: 'TicketReopened' } & TicketReopened)
  | MatchResultEvent
  | TimerEvent;
