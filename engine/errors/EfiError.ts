import type { ErrorCode } from './error-codes.ts';

/** Options for {@link EfiError}. */
export interface EfiErrorOptions {
  /** The lower-level error this one explains. */
  cause?: unknown;
  /** True when the same call may succeed if tried again (broker down, registry timeout). */
  retriable?: boolean;
  /** Structured facts for logs and dead letters (topic, offset, line number …). */
  details?: Record<string, unknown>;
}

/**
 * The one error type of the engine: a stable `code`, a human reason, and whether a retry can help.
 *
 * @example
 * throw new EfiError('SCHEMA_UNKNOWN_ID', `no schema with id ${id}`, { details: { id } });
 */
export class EfiError extends Error {
  override readonly name = 'EfiError';
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, { cause, retriable = false, details = {} }: EfiErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.retriable = retriable;
    this.details = details;
  }

  /** A plain object for JSON logs, HTTP bodies and dead-letter reasons. */
  toJSON(): { code: ErrorCode; message: string; retriable: boolean; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, retriable: this.retriable, details: this.details };
  }
}

/** True when `err` is an {@link EfiError}, optionally with the given code. */
export function isEfiError(err: unknown, code?: ErrorCode): err is EfiError {
  return err instanceof EfiError && (code === undefined || err.code === code);
}
