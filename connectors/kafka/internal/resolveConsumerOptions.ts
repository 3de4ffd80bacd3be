import { EfiError } from '../../../engine/errors/index.ts';
import type { ConsumerOptions } from '../../../engine/ports/index.ts';

export type ResolvedConsumerOptions = Required<Pick<ConsumerOptions, 'groupId' | 'topics' | 'reset' | 'maxBatchRecords'>> &
  Pick<ConsumerOptions, 'onAssign' | 'onRevoke'>;

/**
 * The port's consumer options with defaults (`reset: 'earliest'`, `maxBatchRecords: 500`),
 * checked at the boundary.
 *
 * @example
 * const o = resolveConsumerOptions({ groupId: 'efi-engine', topics: ['efi.tickets.v1'] });
 */
export function resolveConsumerOptions({ groupId, topics, reset = 'earliest', maxBatchRecords = 500, onAssign, onRevoke }: ConsumerOptions): ResolvedConsumerOptions {
  if (typeof groupId !== 'string' || groupId === '') throw new EfiError('CONFIG_INVALID', 'groupId must be a non-empty string');
  if (!Array.isArray(topics) || topics.length === 0 || topics.some((t) => typeof t !== 'string' || t === '')) {
    throw new EfiError('CONFIG_INVALID', 'topics must be a non-empty list of topic names');
  }
  if (reset !== 'earliest' && reset !== 'latest') throw new EfiError('CONFIG_INVALID', `reset must be earliest or latest, got ${reset}`);
  if (!Number.isInteger(maxBatchRecords) || maxBatchRecords < 1) {
    throw new EfiError('CONFIG_INVALID', `maxBatchRecords must be a whole number ≥ 1, got ${maxBatchRecords}`);
  }
  for (const [name, fn] of Object.entries({ onAssign, onRevoke })) {
    if (fn !== undefined && typeof fn !== 'function') throw new EfiError('CONFIG_INVALID', `${name} must be a function`);
  }
  return { groupId, topics: [...topics], reset, maxBatchRecords, onAssign, onRevoke };
}
