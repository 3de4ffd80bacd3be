import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore } from './FileStateStore.ts';
import { describeStateStoreContract } from './stateStoreContract.ts';

describeStateStoreContract('FileStateStore', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'efi-state-'));
  return { open: () => FileStateStore.open({ dataDir }), cleanup: () => rm(dataDir, { recursive: true, force: true }) };
});
