import type { TicketCreated } from '../../schemas/index.ts';

/** One suggested card. */
export interface MatchSuggestion {
  card_id: string;
  match_score: number;
  match_type: string;
}

/** What the matcher answers for a ticket. */
export interface MatchResult {
  matches: MatchSuggestion[];
  stages_used: string[];
  processing_time_ms: number;
  manual_review_required: boolean;
  degraded: boolean;
}

/**
 * The matching port the ticket actor asks through the runtime (the four-stage matcher of the
 * matching issue implements it).
 *
 * @example
 * const result = await matcher.match(ticketCreated);
 */
export interface Matcher {
  match(ticket: TicketCreated): Promise<MatchResult>;
}
