import { pino, type Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Component name put on every line (`component` field). */
  name: string;
  /** pino level; `EFI_LOG_LEVEL` overrides the default `info` (tests default to `warn`). */
  level?: string;
}

/**
 * Structured JSON logs to stderr, so stdout stays clean for CLI output (`efi consume` prints records).
 *
 * @example
 * const log = createLogger({ name: 'embedded-log' });
 * log.info({ topic, partition }, 'recovered torn tail');
 */
export function createLogger({ name, level }: LoggerOptions): Logger {
  const fallback = process.env.VITEST ? 'warn' : 'info';
  return pino({ name, level: level ?? process.env.EFI_LOG_LEVEL ?? fallback }, pino.destination(2));
}

export type { Logger };
