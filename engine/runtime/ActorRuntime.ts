import type { AnyStateMachine } from 'xstate';
import type { ActorEffect } from '../../actors/runtime-contract/index.ts';
import type { IngestedEvent, IngestSink } from '../ingest/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Matcher, ProduceRecord, RecordBatch, StateEntry, StateStore } from '../ports/index.ts';
import type { EventPublisher } from '../publishing/index.ts';
import type { ActorKind } from './ActorKind.ts';
import { ActorCell } from './internal/ActorCell.ts';
import { deterministicId } from './internal/deterministicId.ts';
import { NamespaceState } from './internal/NamespaceState.ts';
import { META_KEY, type HistoryEntry, type StoredActor } from './internal/StoredActor.ts';

export interface ActorRuntimeOptions {
  kinds: ActorKind[];
  store: StateStore;
  publisher: EventPublisher;
  matcher: Matcher;
  logger: Logger;
  /** Live actors kept in memory; beyond it the least recently used are passivated (they are always durable between batches). */
  maxLiveActors?: number;
  /** Event ids remembered per actor to drop duplicates that arrive at new offsets (re-sent outputs). */
  dedupWindow?: number;
  /** Transitions kept per actor for inspection. */
  historyLength?: number;
}

/** Live and passivated actors by kind and state. */
export interface RuntimeCounts {
  live: Record<string, Record<string, number>>;
  passivated: Record<string, Record<string, number>>;
}

/** Counters since start. */
export interface RuntimeStats {
  applied: number;
  duplicates: number;
  timersFired: number;
  outputs: number;
  failedActors: number;
}

type Pending = { eventType: string; event: Record<string, unknown> };

/**
 * Hosts one XState actor per entity id, fed by the ingest consumer one partition batch at a time.
 * A batch is applied in offset order, then made durable in this order — outputs written, then
 * every touched actor's snapshot (with the offset it covers, recent event ids and timers) — and
 * only then does ingest commit the offsets. A crash before the snapshots re-applies the batch to
 * the older snapshots, which yields the same outputs with the same deterministic ids; a crash
 * after them skips what the snapshots cover. Timers are keyed by event time and live in the
 * snapshots, so they fire after a restart too.
 *
 * @example
 * const runtime = new ActorRuntime({ kinds, store, publisher, matcher, logger });
 * const ingest = new IngestService({ ...connectors, sink: runtime, ... });
 */
export class ActorRuntime implements IngestSink {
  readonly #kinds: { kind: ActorKind; machine: AnyStateMachine }[];
  readonly #store: StateStore;
  readonly #publisher: EventPublisher;
  readonly #matcher: Matcher;
  readonly #logger: Logger;
  readonly #maxLive: number;
  readonly #dedupWindow: number;
  readonly #historyLength: number;
  readonly #namespaces = new Map<string, Promise<NamespaceState>>();
  /** Insertion order = recency: a touched cell is re-inserted at the end. */
  readonly #live = new Map<string, ActorCell>();
  #effects: ActorEffect[] = [];
  /** Namespaces with a batch in flight: their cells may not be passivated mid-batch. */
  readonly #busy = new Set<string>();
  readonly stats: RuntimeStats = { applied: 0, duplicates: 0, timersFired: 0, outputs: 0, failedActors: 0 };

  constructor({ kinds, store, publisher, matcher, logger, maxLiveActors = 10_000, dedupWindow = 64, historyLength = 20 }: ActorRuntimeOptions) {
    // One provided machine per kind (not per actor): the effect action appends to the runtime's
    // buffer, which is safe because XState runs a send's actions synchronously.
    const effect = (_: unknown, params: ActorEffect): void => void this.#effects.push(params);
    this.#kinds = kinds.map((kind) => ({ kind, machine: kind.machine.provide({ actions: { effect } }) }));
    this.#store = store;
    this.#publisher = publisher;
    this.#matcher = matcher;
    this.#logger = logger;
    this.#maxLive = maxLiveActors;
    this.#dedupWindow = dedupWindow;
    this.#historyLength = historyLength;
  }

  async handle(events: IngestedEvent[], batch: RecordBatch): Promise<void> {
    const ns = await this.#namespace(`${batch.topic}/${batch.partition}`);
    this.#busy.add(ns.name);
    try {
      await this.#handleIn(ns, events);
    } finally {
      this.#busy.delete(ns.name);
    }
    this.#passivate();
  }

  async #handleIn(ns: NamespaceState, events: IngestedEvent[]): Promise<void> {
    const dirty = new Map<string, ActorCell>();
    const outputs: Pending[] = [];
    for (const { type, event, record } of events) {
      const eventId = String(event.event_id);
      const at = Number(event.occurred_at);
      for (const { kind, machine } of this.#kinds) {
        const id = kind.entityOf(type, event);
        if (id === undefined) continue;
        const cell = await this.#cell(ns, kind.name, id, machine);
        if (cell.covers(record.offset, eventId)) {
          this.stats.duplicates += 1;
          continue;
        }
        await this.#apply(cell, { ...event, type }, { inputId: eventId, at, offset: record.offset, outputs });
        cell.offset = record.offset;
        cell.remember(eventId, { dedupWindow: this.#dedupWindow });
        dirty.set(cell.key, cell);
      }
      if (at > ns.meta.watermark) ns.meta.watermark = at;
      await this.#fireDueTimers(ns, { offset: record.offset, outputs, dirty });
    }
    await this.#writeOutputs(outputs);
    await this.#persist(ns, dirty);
  }

  /** Drops the actors of partitions this instance no longer owns (they are durable already). */
  release(namespaces: string[]): void {
    for (const name of namespaces) {
      this.#namespaces.delete(name);
      for (const [key, cell] of this.#live) {
        if (cell.namespace === name) {
          cell.stop();
          this.#live.delete(key);
        }
      }
    }
  }

  /** Counts of live and passivated actors by kind and state. */
  async counts(): Promise<RuntimeCounts> {
    const out: RuntimeCounts = { live: {}, passivated: {} };
    for (const pending of this.#namespaces.values()) {
      const ns = await pending;
      for (const [key, { kind, state }] of ns.known) {
        const bucket = this.#live.has(`${ns.name}|${key}`) ? out.live : out.passivated;
        const byState = (bucket[kind] ??= {});
        byState[state] = (byState[state] ?? 0) + 1;
      }
    }
    return out;
  }

  /** One actor's recent transitions, live or passivated; undefined when it is unknown here. */
  async history(kind: string, id: string): Promise<{ state: string; history: HistoryEntry[] } | undefined> {
    const key = `${kind}/${id}`;
    for (const [name, pending] of this.#namespaces) {
      const ns = await pending;
      if (!ns.known.has(key)) continue;
      const live = this.#live.get(`${name}|${key}`);
      if (live) return { state: live.state, history: [...live.history] };
      const [value] = await this.#store.getMany(name, [key]);
      if (value) {
        const stored = JSON.parse(value) as StoredActor;
        return { state: stored.state, history: stored.history };
      }
    }
    return undefined;
  }

  /** Stops every live actor (their state is durable after each batch). */
  stop(): void {
    for (const cell of this.#live.values()) cell.stop();
    this.#live.clear();
  }

  async #namespace(name: string): Promise<NamespaceState> {
    let pending = this.#namespaces.get(name);
    if (!pending) {
      pending = NamespaceState.load(this.#store, name);
      this.#namespaces.set(name, pending);
    }
    return pending;
  }

  async #cell(ns: NamespaceState, kind: string, id: string, machine: AnyStateMachine): Promise<ActorCell> {
    const key = `${kind}/${id}`;
    const liveKey = `${ns.name}|${key}`;
    let cell = this.#live.get(liveKey);
    if (cell) {
      this.#live.delete(liveKey);
    } else {
      let stored: StoredActor | undefined;
      if (ns.known.has(key)) {
        const [value] = await this.#store.getMany(ns.name, [key]);
        if (value) stored = JSON.parse(value) as StoredActor;
      }
      cell = ActorCell.create({ namespace: ns.name, kind, id, machine, stored });
    }
    this.#live.set(liveKey, cell);
    return cell;
  }

  async #apply(cell: ActorCell, event: Record<string, unknown> & { type: string }, ctx: { inputId: string; at: number; offset: number; outputs: Pending[] }): Promise<void> {
    const from = cell.state;
    let effects = this.#send(cell, event);
    let index = 0;
    while (effects.length > 0) {
      const next: ActorEffect[] = [];
      for (const effect of effects) {
        switch (effect.type) {
          case 'output':
            ctx.outputs.push({ eventType: effect.eventType, event: { ...effect.event, event_id: deterministicId(ctx.inputId, index++), occurred_at: ctx.at } });
            break;
          case 'schedule':
            cell.timers[effect.name] = effect.at;
            (await this.#namespace(cell.namespace)).timers.push({ at: effect.at, key: cell.key, name: effect.name });
            break;
          case 'cancel':
            delete cell.timers[effect.name];
            break;
          case 'requestMatch': {
            const result = await this.#matcher.match(effect.ticket);
            next.push(...this.#send(cell, { type: 'MATCH_RESULT', ...result }));
            break;
          }
        }
      }
      effects = next;
    }
    this.stats.applied += 1;
    cell.record({ offset: ctx.offset, event: event.type, from, to: cell.state, at: ctx.at }, { historyLength: this.#historyLength });
  }

  #send(cell: ActorCell, event: Record<string, unknown> & { type: string }): ActorEffect[] {
    this.#effects = [];
    const wasFailed = cell.failed;
    cell.actor.send(event as never);
    if (cell.failed && !wasFailed) {
      // Errors are data: the actor stays in status 'error' (persisted), the engine goes on.
      this.stats.failedActors += 1;
      this.#logger.error({ actor: cell.key, event: event.type, error: String(cell.actor.getSnapshot().error) }, 'actor failed');
    }
    return this.#effects;
  }

  async #fireDueTimers(ns: NamespaceState, ctx: { offset: number; outputs: Pending[]; dirty: Map<string, ActorCell> }): Promise<void> {
    for (let due = ns.timers.popDue(ns.meta.watermark); due; due = ns.timers.popDue(ns.meta.watermark)) {
      const [kindName, ...rest] = due.key.split('/');
      const entry = this.#kinds.find((k) => k.kind.name === kindName);
      if (!entry) continue;
      const cell = await this.#cell(ns, kindName!, rest.join('/'), entry.machine);
      if (cell.timers[due.name] !== due.at) continue; // cancelled or rescheduled since
      delete cell.timers[due.name];
      this.stats.timersFired += 1;
      const inputId = `timer:${ns.name}:${due.key}:${due.name}:${due.at}`;
      await this.#apply(cell, { type: 'TIMER', name: due.name, at: due.at }, { inputId, at: due.at, offset: ctx.offset, outputs: ctx.outputs });
      ctx.dirty.set(cell.key, cell);
    }
  }

  async #writeOutputs(outputs: Pending[]): Promise<void> {
    if (outputs.length === 0) return;
    const byTopic = new Map<string, ProduceRecord[]>();
    for (const { eventType, event } of outputs) {
      const { topic, record } = await this.#publisher.encode(eventType, event);
      (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(record);
    }
    await Promise.all([...byTopic].map(([topic, records]) => this.#publisher.write(topic, records)));
    this.stats.outputs += outputs.length;
  }

  async #persist(ns: NamespaceState, dirty: Map<string, ActorCell>): Promise<void> {
    const entries: StateEntry[] = [{ namespace: ns.name, key: META_KEY, value: JSON.stringify(ns.meta) }];
    for (const cell of dirty.values()) {
      const stored = cell.toStored();
      entries.push({ namespace: ns.name, key: cell.key, value: JSON.stringify(stored) });
      ns.known.set(cell.key, { kind: cell.kind, state: stored.state });
    }
    await this.#store.putMany(entries);
  }

  #passivate(): void {
    for (const [key, cell] of this.#live) {
      if (this.#live.size <= this.#maxLive) break;
      if (this.#busy.has(cell.namespace)) continue;
      cell.stop();
      this.#live.delete(key);
    }
  }
}
