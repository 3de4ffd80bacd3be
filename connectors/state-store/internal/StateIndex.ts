import type { StateSegment } from './StateSegment.ts';

/** Where a live value sits on disk; `opBytes` is the whole op's size, for garbage accounting. */
export interface ValueLocation {
  segment: StateSegment;
  valueAt: number;
  valueBytes: number;
  opBytes: number;
}

/**
 * The in-memory index of the file store: namespace → key → location of the latest value. Values
 * themselves stay on disk (read back with one pread each, usually from the page cache), so memory
 * grows with the number of keys (~150 bytes per key plus the key), not with snapshot sizes.
 */
export class StateIndex {
  readonly #namespaces = new Map<string, Map<string, ValueLocation>>();
  /** Bytes of the ops that hold live values; everything else on disk is garbage. */
  liveBytes = 0;

  get(namespace: string, key: string): ValueLocation | undefined {
    return this.#namespaces.get(namespace)?.get(key);
  }

  namespace(namespace: string): ReadonlyMap<string, ValueLocation> | undefined {
    return this.#namespaces.get(namespace);
  }

  namespaces(): IterableIterator<[string, ReadonlyMap<string, ValueLocation>]> {
    return this.#namespaces.entries();
  }

  put(namespace: string, key: string, location: ValueLocation): void {
    let keys = this.#namespaces.get(namespace);
    if (!keys) this.#namespaces.set(namespace, (keys = new Map()));
    const previous = keys.get(key);
    if (previous) this.liveBytes -= previous.opBytes;
    keys.set(key, location);
    this.liveBytes += location.opBytes;
  }

  delete(namespace: string, key: string): void {
    const keys = this.#namespaces.get(namespace);
    const previous = keys?.get(key);
    if (!keys || !previous) return;
    this.liveBytes -= previous.opBytes;
    keys.delete(key);
    // Namespaces come and go with partition assignments; do not keep empty maps forever.
    if (keys.size === 0) this.#namespaces.delete(namespace);
  }

  /** Points `key` at `next` only if it still points at `expected` (compaction's swap). */
  replace(namespace: string, key: string, expected: ValueLocation, next: ValueLocation): boolean {
    const keys = this.#namespaces.get(namespace);
    if (keys?.get(key) !== expected) return false;
    keys.set(key, next);
    return true;
  }
}
