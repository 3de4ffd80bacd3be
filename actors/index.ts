export { cardEntityOf } from './card/cardEntityOf.ts';
export { cardEffectRecorder } from './card/card.effects.ts';
export type { CardEffectRecorder } from './card/card.effects.ts';
export { cardMachine } from './card/card.machine.ts';
export { CardTimer } from './card/card.types.ts';
export type { CardContext, CardEvent, CardInput, CardRecord, CardStateValue } from './card/card.types.ts';
export {
  clampConfidence,
  confidenceAfterApproval,
  confidenceAfterOutcome,
  confidenceLevelOf,
  DEFAULT_CONFIDENCE,
  DEFAULT_CONFIDENCE_STEPS,
  effectivenessOf,
  isUnderperforming,
} from './card/confidence.ts';
export type { ConfidenceSteps } from './card/confidence.ts';
export { locationEntityOf } from './location/locationEntityOf.ts';
export { locationEffectRecorder } from './location/location.effects.ts';
export type { LocationEffectRecorder } from './location/location.effects.ts';
export { locationMachine } from './location/location.machine.ts';
export type { LocationContext, LocationEvent, LocationInput, LocationStateValue } from './location/location.types.ts';
export type { ActorEffect, EffectPort, MatchResultEvent, OutputFields, TimerEvent } from './runtime-contract/index.ts';
export { ticketEntityOf } from './ticket/ticketEntityOf.ts';
export { ticketEffectRecorder } from './ticket/ticket.effects.ts';
export type { TicketEffectRecorder } from './ticket/ticket.effects.ts';
export { ticketMachine } from './ticket/ticket.machine.ts';
export { TicketResolution, TicketTimer } from './ticket/ticket.types.ts';
export type {
  TicketContext,
  TicketEvent,
  TicketHistoryEntry,
  TicketInput,
  TicketRejection,
  TicketStateValue,
  TicketStep,
  TicketSuggestion,
} from './ticket/ticket.types.ts';
