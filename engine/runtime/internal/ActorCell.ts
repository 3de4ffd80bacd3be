import { createActor, type Actor, type AnyStateMachine } from 'xstate';
import { stateName, type HistoryEntry, type StoredActor } from './StoredActor.ts';

/**
 * A live actor and the runtime's bookkeeping around it. Created from a stored record (rehydrate)
 * or fresh; turned back into a record when its batch is made durable.
 */
export class ActorCell {
  readonly kind: string;
  readonly id: string;
  readonly key: string;
  readonly namespace: string;
  readonly actor: Actor<AnyStateMachine>;
  offset: number;
  readonly recent: string[];
  readonly timers: Record<string, number>;
  readonly history: HistoryEntry[];

  private constructor(namespace: string, kind: string, id: string, actor: Actor<AnyStateMachine>, stored?: StoredActor) {
    this.namespace = namespace;
    this.kind = kind;
    this.id = id;
    this.key = `${kind}/${id}`;
    this.actor = actor;
    this.offset = stored?.offset ?? -1;
    this.recent = stored?.recent ?? [];
    this.timers = stored?.timers ?? {};
    this.history = stored?.history ?? [];
  }

  /** A new actor, or one rehydrated from its stored record. */
  static create({ namespace, kind, id, machine, stored }: { namespace: string; kind: string; id: string; machine: AnyStateMachine; stored?: StoredActor }): ActorCell {
    const actor = createActor(machine, stored ? { snapshot: stored.snapshot as never } : undefined);
    actor.start();
    return new ActorCell(namespace, kind, id, actor, stored);
  }

  get state(): string {
    return stateName(this.actor.getSnapshot().value);
  }

  get failed(): boolean {
    return this.actor.getSnapshot().status === 'error';
  }

  /** True when this input was applied already: its offset is covered or its id was seen. */
  covers(offset: number, eventId: string): boolean {
    return offset <= this.offset || this.recent.includes(eventId);
  }

  remember(eventId: string, { dedupWindow }: { dedupWindow: number }): void {
    this.recent.push(eventId);
    if (this.recent.length > dedupWindow) this.recent.splice(0, this.recent.length - dedupWindow);
  }

  record(entry: HistoryEntry, { historyLength }: { historyLength: number }): void {
    this.history.push(entry);
    if (this.history.length > historyLength) this.history.splice(0, this.history.length - historyLength);
  }

  toStored(): StoredActor {
    return {
      v: 1,
      kind: this.kind,
      id: this.id,
      state: this.state,
      offset: this.offset,
      recent: this.recent,
      timers: this.timers,
      history: this.history,
      snapshot: this.actor.getPersistedSnapshot(),
    };
  }

  stop(): void {
    this.actor.stop();
  }
}
