/** One transition kept for inspection: which input moved the actor from what state to what. */
export interface HistoryEntry {
  offset: number;
  event: string;
  from: string;
  to: string;
  at: number;
}

/**
 * What the runtime persists per actor: the XState persisted snapshot plus everything needed to
 * make a restart exact — the last input offset it covers (replays skip up to it), the event ids
 * it applied most recently (duplicates are dropped), its pending event-time timers, and a short
 * history for inspection.
 */
export interface StoredActor {
  v: 1;
  kind: string;
  id: string;
  state: string;
  offset: number;
  recent: string[];
  timers: Record<string, number>;
  history: HistoryEntry[];
  snapshot: unknown;
}

/** Per-namespace (= input partition) facts that must survive a restart. */
export interface NamespaceMeta {
  /** The largest event time seen in the partition: timers fire when it passes them. */
  watermark: number;
}

/** Store key of the namespace meta entry; actor keys are `<kind>/<id>` and never start with `_`. */
export const META_KEY = '__meta__';

/** A printable state value (`closed`, `diagnosing`, `{"closed":"resolved"}` flattened to `closed.resolved`). */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}.${stateName(v)}`)
      .join(',');
  }
  return String(value);
}
