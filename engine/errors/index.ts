export { EfiError, isEfiError } from './EfiError.ts';
export type { EfiErrorOptions } from './EfiError.ts';
export { ErrorCode } from './error-codes.ts';
