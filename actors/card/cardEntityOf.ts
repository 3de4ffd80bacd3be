import type { CardEvent } from './card.types.ts';

/** Input event types addressed to a card actor (its own CardState / ConfidenceUpdated are not). */
const CARD_INPUTS: ReadonlySet<string> = new Set<CardEvent['type']>([
  'CardDrafted',
  'CardSubmitted',
  'CardApproved',
  'CardRevised',
  'CardDeprecated',
  'CardUsed',
]);

/**
 * The card an input event is about, or undefined when the event is not a card actor's input.
 *
 * @example cardEntityOf('CardUsed', { card_id: 'card-7', ticket_id: 'T-1', ... }) // 'card-7'
 */
export function cardEntityOf(type: string, event: Record<string, unknown>): string | undefined {
  if (!CARD_INPUTS.has(type)) return undefined;
  const id = event.card_id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
