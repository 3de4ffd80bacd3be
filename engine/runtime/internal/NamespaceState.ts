import type { StateStore } from '../../ports/index.ts';
import { META_KEY, type NamespaceMeta, type StoredActor } from './StoredActor.ts';
import { TimerQueue } from './TimerQueue.ts';

/**
 * What the runtime knows about one input partition: its event-time watermark, its pending timers,
 * and the kind and state of every actor stored under it (live or passivated), for inspection.
 */
export class NamespaceState {
  readonly name: string;
  meta: NamespaceMeta = { watermark: 0 };
  readonly timers = new TimerQueue();
  readonly known = new Map<string, { kind: string; state: string }>();

  private constructor(name: string) {
    this.name = name;
  }

  /**
   * Loads a namespace from the store: one scan rebuilds its timers and the state index, so
   * timers of passivated actors fire after a restart or a partition hand-over too.
   */
  static async load(store: StateStore, name: string): Promise<NamespaceState> {
    const ns = new NamespaceState(name);
    for await (const [key, value] of store.scan(name)) {
      if (key === META_KEY) {
        ns.meta = JSON.parse(value) as NamespaceMeta;
        continue;
      }
      const stored = JSON.parse(value) as StoredActor;
      ns.known.set(key, { kind: stored.kind, state: stored.state });
      for (const [timer, at] of Object.entries(stored.timers)) ns.timers.push({ at, key, name: timer });
    }
    return ns;
  }
}
