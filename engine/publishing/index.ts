export { EventPublisher } from './EventPublisher.ts';
export type { EncodedEvent, EventPublisherOptions, EventRoute } from './EventPublisher.ts';
export { normalizeEvent } from './normalizeEvent.ts';
export type { EventInput, NormalizedEvent } from './normalizeEvent.ts';
