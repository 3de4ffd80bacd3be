import { Redis } from 'ioredis';
import { EfiError } from '../../engine/errors/index.ts';
import type { StateEntry, StateStore } from '../../engine/ports/StateStore.ts';
import { resolveRedisOptions, type RedisSettings } from './internal/resolveRedisOptions.ts';
import { toStateError } from './internal/toStateError.ts';
import type { RedisStateStoreOptions } from './RedisStateStoreOptions.ts';

/**
 * The state store on Redis: one HASH per namespace (`<keyPrefix><namespace>`, field = key,
 * value = the snapshot). `putMany` is one MULTI/EXEC with an HSET per namespace, so it is applied
 * whole and atomically (readers never see part of it); "durable" means what the server's
 * persistence gives (AOF `appendfsync everysec` by default: up to a second on a server crash).
 *
 * The client never queues commands while disconnected (`enableOfflineQueue: false`): calls made
 * while Redis is down fail at once with retriable `STATE_UNAVAILABLE` instead of piling up in an
 * unbounded queue, and ioredis keeps reconnecting in the background. A command in flight when the
 * connection drops is resent at most `maxRetriesPerRequest` times (every call is idempotent).
 *
 * @example
 * const store = await RedisStateStore.connect({ url: 'redis://127.0.0.1:6379' });
 * await store.putMany([{ namespace: 'efi.tickets.v1/7', key: 'ticket/T-123', value: '{"v":1}' }]);
 * const [value] = await store.getMany('efi.tickets.v1/7', ['ticket/T-123']);
 * await store.close();
 */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly #client: Redis;
  readonly #settings: RedisSettings;
  #closed: Promise<void> | null = null;

  private constructor(client: Redis, settings: RedisSettings) {
    this.#client = client;
    this.#settings = settings;
  }

  /** Connects (resolves once the server is ready) or fails with retriable `STATE_UNAVAILABLE`. */
  static async connect(options: RedisStateStoreOptions): Promise<RedisStateStore> {
    const settings = resolveRedisOptions(options);
    const client = new Redis(settings.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: settings.maxRetriesPerRequest,
      connectTimeout: settings.connectTimeoutMs,
      commandTimeout: settings.commandTimeoutMs,
      connectionName: settings.connectionName,
    });
    // Without a listener ioredis prints every reconnect failure; log the first of each outage only.
    let reported = false;
    client.on('error', (err: Error) => {
      if (!reported) settings.logger.warn({ err: err.message }, 'redis state store connection error; reconnecting');
      reported = true;
    });
    client.on('ready', () => (reported = false));
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw toStateError(err, 'connect', { url: redacted(settings.url) });
    }
    return new RedisStateStore(client, settings);
  }

  async getMany(namespace: string, keys: readonly string[]): Promise<(string | undefined)[]> {
    this.#assertOpen();
    if (keys.length === 0) return [];
    const values = await this.#call('HMGET', namespace, () => this.#client.hmget(this.#hash(namespace), ...keys));
    return values.map((v) => v ?? undefined);
  }

  async putMany(entries: readonly StateEntry[]): Promise<void> {
    this.#assertOpen();
    if (entries.length === 0) return;
    const byNamespace = new Map<string, string[]>();
    for (const { namespace, key, value } of entries) {
      checkName(namespace, key);
      if (typeof value !== 'string') throw malformed(`value of ${namespace}/${key} must be a string`, { namespace, key });
      let args = byNamespace.get(namespace);
      if (!args) byNamespace.set(namespace, (args = []));
      // HSET applies field/value pairs in order, so a key given twice keeps its last value.
      args.push(key, value);
    }
    const multi = this.#client.multi();
    for (const [namespace, args] of byNamespace) multi.hset(this.#hash(namespace), ...args);
    const results = await this.#call('MULTI/EXEC', [...byNamespace.keys()].join(','), () => multi.exec());
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw toStateError(failed?.[0] ?? new Error('transaction aborted'), 'MULTI/EXEC', { namespaces: [...byNamespace.keys()] });
  }

  async deleteMany(namespace: string, keys: readonly string[]): Promise<void> {
    this.#assertOpen();
    if (keys.length === 0) return;
    for (const key of keys) checkName(namespace, key);
    await this.#call('HDEL', namespace, () => this.#client.hdel(this.#hash(namespace), ...keys));
  }

  async *scan(namespace: string): AsyncIterable<[key: string, value: string]> {
    this.#assertOpen();
    const hash = this.#hash(namespace);
    // HSCAN may return a field twice when the hash is rehashed mid-scan; the port promises once.
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, flat] = await this.#call('HSCAN', namespace, () => this.#client.hscan(hash, cursor, 'COUNT', this.#settings.scanCount));
      cursor = next;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const key = flat[i]!;
        if (seen.has(key)) continue;
        seen.add(key);
        yield [key, flat[i + 1]!];
      }
    } while (cursor !== '0');
  }

  async count(namespace: string): Promise<number> {
    this.#assertOpen();
    return this.#call('HLEN', namespace, () => this.#client.hlen(this.#hash(namespace)));
  }

  /** Waits for replies in flight (QUIT), then closes the connection. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#client.quit().then(
      () => undefined,
      () => this.#client.disconnect(),
    );
    return this.#closed;
  }

  #hash(namespace: string): string {
    return this.#settings.keyPrefix + namespace;
  }

  #assertOpen(): void {
    if (this.#closed) throw new EfiError('STATE_CLOSED', 'the redis state store is closed');
  }

  async #call<T>(what: string, namespace: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw toStateError(err, what, { namespace });
    }
  }
}

function checkName(namespace: unknown, key: unknown): void {
  if (typeof namespace !== 'string' || namespace.length === 0 || typeof key !== 'string' || key.length === 0) {
    throw malformed('namespace and key must be non-empty strings', { namespace, key });
  }
}

function malformed(message: string, details: Record<string, unknown>): EfiError {
  return new EfiError('INPUT_MALFORMED', `redis state store: ${message}`, { details });
}

function redacted(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
