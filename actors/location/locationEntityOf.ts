import type { LocationEvent } from './location.types.ts';

const LOCATION_INPUTS: ReadonlySet<string> = new Set<LocationEvent['type']>([
  'LOCATION_CONNECTED',
  'SYNC_ACK',
  'HEAD_ADVANCED',
  'LOCATION_DISCONNECTED',
]);

/**
 * The location a sync session event is about, or undefined for any other event.
 *
 * @example locationEntityOf('SYNC_ACK', { location_id: 'loc-1', version: 9, at }) // 'loc-1'
 */
export function locationEntityOf(type: string, event: Record<string, unknown>): string | undefined {
  if (!LOCATION_INPUTS.has(type)) return undefined;
  const id = event.location_id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
