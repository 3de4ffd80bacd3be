/**
 * The state store port: where the actor runtime keeps each actor's persisted snapshot. One
 * interface for the file store in the data directory and for Redis.
 *
 * Values are opaque UTF-8 strings (the runtime serialises its own JSON). Keys live in
 * NAMESPACES that follow the event-log partition an actor belongs to (e.g. `efi.tickets.v1/7`),
 * because a rebalance hands whole partitions from one engine instance to another: the new owner
 * loads a namespace, the old one drops it.
 */

/** One key/value to write into a namespace. */
export interface StateEntry {
  namespace: string;
  key: string;
  value: string;
}

/**
 * A durable key/value store grouped into namespaces.
 *
 * Within one `putMany` call a key given twice keeps its last value. Calls are not ordered
 * against each other unless the caller awaits one before issuing the next.
 *
 * @example
 * const ns = 'efi.tickets.v1/7';
 * await store.putMany([
 *   { namespace: ns, key: 'ticket/T-123', value: JSON.stringify(snapshot) },
 *   { namespace: 'efi.cards.v1/2', key: 'card/C-9', value: JSON.stringify(cardSnapshot) },
 * ]);
 * const [t123, t124] = await store.getMany(ns, ['ticket/T-123', 'ticket/T-124']); // t124 === undefined
 * for await (const [key, value] of store.scan(ns)) rehydrate(key, value);
 * await store.deleteMany(ns, ['ticket/T-123']);
 * await store.close();
 */
export interface StateStore {
  readonly kind: 'file' | 'redis';
  /** Values of these keys in one namespace, `undefined` where absent (one round trip). */
  getMany(namespace: string, keys: readonly string[]): Promise<(string | undefined)[]>;
  /**
   * Writes all entries; when it resolves they are durable (file: fsynced; Redis: acknowledged,
   * in one MULTI/EXEC so a crash never leaves half a call applied). Entries of one call may span
   * namespaces.
   */
  putMany(entries: readonly StateEntry[]): Promise<void>;
  /** Removes these keys of one namespace (absent keys are ignored); durable when it resolves. */
  deleteMany(namespace: string, keys: readonly string[]): Promise<void>;
  /** Every key/value of a namespace (for timers, inspection, rebuilds), in no particular order. */
  scan(namespace: string): AsyncIterable<[key: string, value: string]>;
  /** Number of keys in a namespace. */
  count(namespace: string): Promise<number>;
  /** Waits for calls in flight, then releases files / connections. Idempotent. */
  close(): Promise<void>;
}
