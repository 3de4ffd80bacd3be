export { RedisStateStore } from './RedisStateStore.ts';
export type { RedisStateStoreOptions } from './RedisStateStoreOptions.ts';
