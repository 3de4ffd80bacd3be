export type { ActorEffect, EffectPort, MatchResultEvent, OutputFields, TimerEvent } from './ActorEffect.ts';
