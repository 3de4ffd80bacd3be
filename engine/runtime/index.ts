export { ActorRuntime } from './ActorRuntime.ts';
export type { ActorRuntimeOptions, RuntimeCounts, RuntimeStats } from './ActorRuntime.ts';
export type { ActorKind } from './ActorKind.ts';
export type { HistoryEntry } from './internal/StoredActor.ts';
