import { afterAll } from 'vitest';
import { FileStateStore } from './FileStateStore.ts';
import { TempStateDirs } from './internal/tempStateDirs.ts';
import { describeStateStoreContract } from './stateStoreContract.ts';

const dirs = new TempStateDirs();
afterAll(() => dirs.cleanup());

describeStateStoreContract('FileStateStore', async () => {
  const dataDir = await dirs.make();
  return { open: () => FileStateStore.open({ dataDir }), cleanup: async () => undefined };
});

describeStateStoreContract('FileStateStore compacting all the time', async () => {
  const dataDir = await dirs.make();
  // Compaction on nearly every call: the contract must hold while files are swapped under it.
  return { open: () => FileStateStore.open({ dataDir, compactMinBytes: 0, compactGarbageRatio: 0.01 }), cleanup: async () => undefined };
});
