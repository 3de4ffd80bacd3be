export { FileStateStore } from './FileStateStore.ts';
export { StateFsyncPolicy } from './FileStateStoreOptions.ts';
export type { FileStateStoreOptions } from './FileStateStoreOptions.ts';
