import { afterEach, describe, expect, it } from 'vitest';
import type { StateEntry, StateStore } from '../../engine/ports/StateStore.ts';

/** A fresh, empty place to keep state (a new data directory, a new key prefix). */
export interface StateStoreSpace {
  /** Opens a store over this space; called again after `close()` it must see everything written. */
  open(): Promise<StateStore>;
  /** Removes what the space holds. */
  cleanup(): Promise<void>;
}

const NS = 'efi.tickets.v1/7';
const OTHER = 'efi.cards.v1/2';

async function scanAll(store: StateStore, namespace: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  for await (const [key, value] of store.scan(namespace)) {
    expect(seen.has(key)).toBe(false);
    seen.set(key, value);
  }
  return seen;
}

/**
 * The behaviour every {@link StateStore} must show, run by each implementation's tests.
 *
 * @example
 * describeStateStoreContract('FileStateStore', async () => {
 *   const dataDir = await mkdtemp(join(tmpdir(), 'efi-state-'));
 *   return { open: () => FileStateStore.open({ dataDir }), cleanup: () => rm(dataDir, { recursive: true, force: true }) };
 * });
 */
export function describeStateStoreContract(name: string, setup: () => Promise<StateStoreSpace>): void {
  describe(`${name} (StateStore contract)`, () => {
    const open: StateStore[] = [];
    const spaces: StateStoreSpace[] = [];
    async function fresh(): Promise<{ store: StateStore; space: StateStoreSpace }> {
      const space = await setup();
      spaces.push(space);
      const store = await space.open();
      open.push(store);
      return { store, space };
    }
    async function reopen(space: StateStoreSpace, store: StateStore): Promise<StateStore> {
      await store.close();
      const next = await space.open();
      open.push(next);
      return next;
    }
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close();
      for (const space of spaces.splice(0)) await space.cleanup();
    });

    describe('when values are put', () => {
      it('returns them by key, byte for byte, including unicode, empty and 1 MB values', async () => {
        const { store } = await fresh();
        const big = 'x'.repeat(1024 * 1024 - 7) + 'Ω€𝄞';
        const entries: StateEntry[] = [
          { namespace: NS, key: 'ticket/T-1', value: '{"state":"open","n":1}' },
          { namespace: NS, key: 'ticket/ünï-😀', value: 'Grüße 温度 🚗⚡ \u0000 \n end' },
          { namespace: NS, key: 'ticket/empty', value: '' },
          { namespace: NS, key: 'ticket/big', value: big },
        ];
        await store.putMany(entries);
        expect(await store.getMany(NS, entries.map((e) => e.key))).toEqual(entries.map((e) => e.value));
        expect(await store.count(NS)).toBe(4);
      });

      it('returns undefined in the position of every missing key', async () => {
        const { store } = await fresh();
        await store.putMany([{ namespace: NS, key: 'a', value: '1' }, { namespace: NS, key: 'c', value: '3' }]);
        expect(await store.getMany(NS, ['x', 'a', 'b', 'c', 'y'])).toEqual([undefined, '1', undefined, '3', undefined]);
        expect(await store.getMany('never-written/0', ['a'])).toEqual([undefined]);
        expect(await store.getMany(NS, [])).toEqual([]);
      });

      it('keeps the latest value of an overwritten key, and the last one given twice in a call', async () => {
        const { store } = await fresh();
        await store.putMany([{ namespace: NS, key: 'k', value: 'v1' }]);
        await store.putMany([{ namespace: NS, key: 'k', value: 'v2' }]);
        expect(await store.getMany(NS, ['k'])).toEqual(['v2']);
        await store.putMany([{ namespace: NS, key: 'k', value: 'v3' }, { namespace: NS, key: 'k', value: 'v4' }]);
        expect(await store.getMany(NS, ['k'])).toEqual(['v4']);
        expect(await store.count(NS)).toBe(1);
      });
    });

    describe('when keys are deleted', () => {
      it('removes them and ignores keys that are absent', async () => {
        const { store } = await fresh();
        await store.putMany(['a', 'b', 'c'].map((key) => ({ namespace: NS, key, value: key })));
        await store.deleteMany(NS, ['b', 'missing']);
        expect(await store.getMany(NS, ['a', 'b', 'c'])).toEqual(['a', undefined, 'c']);
        expect(await store.count(NS)).toBe(2);
        await store.deleteMany(NS, ['a', 'c']);
        expect(await store.count(NS)).toBe(0);
        expect(await scanAll(store, NS)).toEqual(new Map());
      });
    });

    describe('when several namespaces hold the same keys', () => {
      it('keeps them apart for get, delete, scan and count', async () => {
        const { store } = await fresh();
        await store.putMany([
          { namespace: NS, key: 'k', value: 'tickets' },
          { namespace: OTHER, key: 'k', value: 'cards' },
          { namespace: OTHER, key: 'only-cards', value: 'c2' },
        ]);
        expect(await store.getMany(NS, ['k', 'only-cards'])).toEqual(['tickets', undefined]);
        await store.deleteMany(NS, ['k']);
        expect(await store.getMany(OTHER, ['k'])).toEqual(['cards']);
        expect(await store.count(NS)).toBe(0);
        expect(await scanAll(store, OTHER)).toEqual(new Map([['k', 'cards'], ['only-cards', 'c2']]));
      });
    });

    describe('when a namespace is scanned', () => {
      it('yields every key exactly once with its latest value, and count agrees', async () => {
        const { store } = await fresh();
        const expected = new Map(Array.from({ length: 1500 }, (_, i) => [`ticket/T-${i}`, `{"i":${i}}`] as [string, string]));
        const entries = [...expected].map(([key, value]) => ({ namespace: NS, key, value }));
        await store.putMany(entries.slice(0, 700));
        await store.putMany(entries.slice(700));
        await store.putMany([{ namespace: NS, key: 'ticket/T-3', value: 'changed' }]);
        expected.set('ticket/T-3', 'changed');
        await store.deleteMany(NS, ['ticket/T-4']);
        expected.delete('ticket/T-4');
        expect(await scanAll(store, NS)).toEqual(expected);
        expect(await store.count(NS)).toBe(expected.size);
        expect(await scanAll(store, 'empty/0')).toEqual(new Map());
        expect(await store.count('empty/0')).toBe(0);
      });
    });

    describe('when the store is closed and opened again', () => {
      it('keeps every put and every delete', async () => {
        const { store: first, space } = await fresh();
        await first.putMany([
          { namespace: NS, key: 'a', value: 'A' },
          { namespace: NS, key: 'b', value: 'B' },
          { namespace: OTHER, key: 'c', value: 'C✓' },
        ]);
        await first.putMany([{ namespace: NS, key: 'a', value: 'A2' }]);
        await first.deleteMany(NS, ['b']);
        const second = await reopen(space, first);
        expect(await second.getMany(NS, ['a', 'b'])).toEqual(['A2', undefined]);
        expect(await second.getMany(OTHER, ['c'])).toEqual(['C✓']);
        expect(await second.count(NS)).toBe(1);
        await second.putMany([{ namespace: NS, key: 'd', value: 'D' }]);
        const third = await reopen(space, second);
        expect(await scanAll(third, NS)).toEqual(new Map([['a', 'A2'], ['d', 'D']]));
      });

      it('refuses calls on the closed instance', async () => {
        const { store } = await fresh();
        await store.close();
        await expect(store.putMany([{ namespace: NS, key: 'a', value: 'A' }])).rejects.toMatchObject({ code: 'STATE_CLOSED' });
        await expect(store.getMany(NS, ['a'])).rejects.toMatchObject({ code: 'STATE_CLOSED' });
      });
    });

    describe('when one call writes many entries across namespaces', () => {
      it('makes them visible all together, never a part, and all of them once it resolves', async () => {
        const { store } = await fresh();
        const entries: StateEntry[] = Array.from({ length: 4000 }, (_, i) => ({ namespace: `p/${i % 10}`, key: `k${i}`, value: `v${i}-${'y'.repeat(200)}` }));
        const seen = new Set<number>();
        let done = false;
        const watcher = (async () => {
          while (!done) {
            seen.add(await store.count('p/3'));
            // An in-memory count resolves in a microtask: yield so the write's I/O can complete.
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        await store.putMany(entries);
        done = true;
        await watcher;
        for (const n of seen) expect([0, 400]).toContain(n);
        for (let p = 0; p < 10; p += 1) {
          const mine = entries.filter((e) => e.namespace === `p/${p}`);
          expect(await store.getMany(`p/${p}`, mine.map((e) => e.key))).toEqual(mine.map((e) => e.value));
        }
      });
    });

    describe('when many calls run concurrently', () => {
      it('lands every one of them', async () => {
        const { store } = await fresh();
        const calls = Array.from({ length: 60 }, (_, c) => Array.from({ length: 25 }, (_, i) => ({ namespace: `p/${c % 4}`, key: `c${c}-k${i}`, value: `${c}:${i}` })));
        await Promise.all(calls.map((entries) => store.putMany(entries)));
        let total = 0;
        for (let p = 0; p < 4; p += 1) total += await store.count(`p/${p}`);
        expect(total).toBe(60 * 25);
        for (const entries of calls) {
          const ns = entries[0]!.namespace;
          expect(await store.getMany(ns, entries.map((e) => e.key))).toEqual(entries.map((e) => e.value));
        }
      });
    });
  });
}
