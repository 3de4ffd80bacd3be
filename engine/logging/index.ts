export { createLogger } from './createLogger.ts';
export type { Logger, LoggerOptions } from './createLogger.ts';
