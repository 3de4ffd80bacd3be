import type { AnyStateMachine } from 'xstate';

/**
 * One kind of actor the runtime hosts: its pure machine and how an input event names the entity
 * it is about. The runtime provides the machine's `effect` action (see actors/runtime-contract).
 *
 * @example
 * const cards: ActorKind = { name: 'card', machine: cardMachine, entityOf: cardEntityOf };
 */
export interface ActorKind {
  name: string;
  machine: AnyStateMachine;
  /** The entity id an input event addresses, or undefined when the event is not for this kind. */
  entityOf(type: string, event: Record<string, unknown>): string | undefined;
}
