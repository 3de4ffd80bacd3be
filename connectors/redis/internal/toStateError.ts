import { ReplyError } from 'ioredis';
import { EfiError, isEfiError } from '../../../engine/errors/index.ts';

/**
 * Any failure of a Redis call as `STATE_UNAVAILABLE`. Connection loss, refused connections and
 * timeouts are retriable; an error reply from the server (WRONGTYPE, a misconfigured ACL) is not,
 * except OOM / LOADING / BUSY / READONLY and the like, which pass with time or a failover.
 */
export function toStateError(err: unknown, what: string, details: Record<string, unknown>): EfiError {
  if (isEfiError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const reply = err instanceof ReplyError;
  const retriable = !reply || /^(OOM|LOADING|BUSY|READONLY|TRYAGAIN|MASTERDOWN)/.test(message);
  return new EfiError('STATE_UNAVAILABLE', `redis state store: ${what} failed: ${message}`, { cause: err, retriable, details });
}
