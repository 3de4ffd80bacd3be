import { EfiError } from '../../../engine/errors/index.ts';
import { Deferred } from './Deferred.ts';

/**
 * Lets calls wait for a consumer's next group join, each with its own bound.
 *
 * @example
 * await joins.next(rebalanceTimeoutMs, () => new EfiError('LOG_GROUP_BUSY', 'no rejoin'));
 * joins.joined(); // in the GROUP_JOIN listener
 */
export class JoinSignal {
  #waiters: Array<Deferred<void>> = [];

  /** Resolves at the next join; rejects with `onTimeout()` after `timeoutMs`. */
  next(timeoutMs: number, onTimeout: () => EfiError): Promise<void> {
    const waiter = new Deferred<void>();
    const timer = setTimeout(() => waiter.reject(onTimeout()), timeoutMs);
    this.#waiters.push(waiter);
    return waiter.promise.finally(() => clearTimeout(timer));
  }

  joined(): void {
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  /** No join will come (the consumer stopped). */
  close(reason: EfiError): void {
    for (const waiter of this.#waiters.splice(0)) waiter.reject(reason);
  }
}
