import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { EventLog } from '../../engine/ports/EventLog.ts';
import { describeEventLogContract } from '../event-log-contract/index.ts';
import { EmbeddedLog } from './EmbeddedLog.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function fresh(): Promise<EventLog> {
  const dataDir = await mkdtemp(join(tmpdir(), 'efi-embedded-log-'));
  dirs.push(dataDir);
  return EmbeddedLog.open({ dataDir });
}

describeEventLogContract('EmbeddedLog', {
  create: fresh,
  reopen: async (closed) => EmbeddedLog.open({ dataDir: (closed as EmbeddedLog).dataDir }),
  waitMs: 5_000,
  quietMs: 150,
});
