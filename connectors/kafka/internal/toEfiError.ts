import { EfiError, type ErrorCode } from '../../../engine/errors/index.ts';

/** What failed, for the message and the error's details. */
export interface ErrorContext {
  operation: string;
  topic?: string;
  groupId?: string;
}

/** kafkajs error names that mean "no broker answered": retrying later may well succeed. */
const UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTimeout',
]);

/** Protocol error types (Kafka error codes) with their own meaning for the engine. */
const BY_TYPE: Record<string, { code: ErrorCode; retriable: boolean }> = {
  UNKNOWN_TOPIC_OR_PARTITION: { code: 'LOG_TOPIC_UNKNOWN', retriable: false },
  MESSAGE_TOO_LARGE: { code: 'LOG_RECORD_TOO_LARGE', retriable: false },
  RECORD_LIST_TOO_LARGE: { code: 'LOG_RECORD_TOO_LARGE', retriable: false },
  REBALANCE_IN_PROGRESS: { code: 'LOG_GROUP_BUSY', retriable: true },
  ILLEGAL_GENERATION: { code: 'LOG_GROUP_BUSY', retriable: true },
  UNKNOWN_MEMBER_ID: { code: 'LOG_GROUP_BUSY', retriable: true },
  NOT_COORDINATOR_FOR_GROUP: { code: 'LOG_GROUP_BUSY', retriable: true },
  GROUP_COORDINATOR_NOT_AVAILABLE: { code: 'LOG_UNAVAILABLE', retriable: true },
  GROUP_LOAD_IN_PROGRESS: { code: 'LOG_UNAVAILABLE', retriable: true },
  NON_EMPTY_GROUP: { code: 'LOG_GROUP_BUSY', retriable: true },
};

/** Group-membership errors: the member's generation is gone and a rejoin is under way. */
const REBALANCE_TYPES = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP']);

/** The kafkajs protocol error type (`UNKNOWN_TOPIC_OR_PARTITION` …) anywhere in the cause chain. */
export function kafkaErrorType(err: unknown): string | undefined {
  for (const e of causeChain(err)) {
    if (typeof e.type === 'string') return e.type;
  }
  return undefined;
}

/** True for the errors a group member gets while its group rebalances. */
export function isRebalanceError(err: unknown): boolean {
  const type = kafkaErrorType(err);
  return type !== undefined && REBALANCE_TYPES.has(type);
}

/**
 * Translates whatever kafkajs threw into the engine's one error type. Broker loss (connection
 * errors, timeouts, retries exhausted) becomes `LOG_UNAVAILABLE` with `retriable: true`.
 *
 * @example
 * try { await producer.send(req); } catch (err) { throw toEfiError(err, { operation: 'produce', topic }); }
 */
export function toEfiError(err: unknown, context: ErrorContext): EfiError {
  if (err instanceof EfiError) return err;
  const type = kafkaErrorType(err);
  const where = context.topic === undefined ? '' : ` (topic ${context.topic})`;
  const reason = err instanceof Error ? err.message : String(err);
  const details: Record<string, unknown> = { ...context, ...(type === undefined ? {} : { kafkaError: type }) };
  const known = type === undefined ? undefined : BY_TYPE[type];
  if (known) {
    return new EfiError(known.code, `${context.operation} failed${where}: ${reason}`, { cause: err, retriable: known.retriable, details });
  }
  const unreachable = causeChain(err).some((e) => typeof e.name === 'string' && UNREACHABLE.has(e.name));
  const retriable = unreachable || causeChain(err).some((e) => e.retriable === true);
  return new EfiError('LOG_UNAVAILABLE', `${context.operation} failed${where}: ${reason}`, { cause: err, retriable, details });
}

interface ErrorLike {
  name?: unknown;
  type?: unknown;
  retriable?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error, its `cause`s and, for aggregate errors, their members (bounded against cycles). */
function causeChain(err: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const pending: unknown[] = [err];
  while (pending.length > 0 && chain.length < 16) {
    const e = pending.shift();
    if (typeof e !== 'object' || e === null || chain.includes(e as ErrorLike)) continue;
    const like = e as ErrorLike;
    chain.push(like);
    if (like.cause !== undefined) pending.push(like.cause);
    if (Array.isArray(like.errors)) pending.push(...like.errors);
  }
  return chain;
}
