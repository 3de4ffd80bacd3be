import type { Matcher, MatchResult } from '../ports/index.ts';

/**
 * The placeholder matcher until the four-stage matcher lands: it never suggests a card and says
 * so (`manual_review_required: true`, `stages_used: []`), so nothing downstream mistakes its
 * empty answer for a real "no match".
 */
export class NoSuggestionsMatcher implements Matcher {
  async match(): Promise<MatchResult> {
    return { matches: [], stages_used: [], processing_time_ms: 0, manual_review_required: true, degraded: false };
  }
}
