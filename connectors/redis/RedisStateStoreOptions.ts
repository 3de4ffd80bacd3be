import type { Logger } from '../../engine/logging/index.ts';

/** Options of {@link RedisStateStore.connect}; durations in milliseconds. */
export interface RedisStateStoreOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  url: string;
  /** Put before every namespace to form its hash key. Default `efi:state:`. */
  keyPrefix?: string;
  /** Time to establish the TCP connection. Default 5,000 ms. */
  connectTimeoutMs?: number;
  /** A command (a whole MULTI/EXEC) without a reply after this fails with `STATE_UNAVAILABLE`. Default 10,000 ms. */
  commandTimeoutMs?: number;
  /** Times ioredis resends a command that was in flight when the connection dropped. Default 1. */
  maxRetriesPerRequest?: number;
  /** HSCAN `COUNT` hint per round trip of `scan`. Default 1,000. */
  scanCount?: number;
  /** Name the connection shows in `CLIENT LIST` (for operators). Default `efi-state-store`. */
  connectionName?: string;
  /** Defaults to the engine logger named `redis-state-store`. */
  logger?: Logger;
}
