import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedLog } from './EmbeddedLog.ts';
import { TempDataDirs } from './internal/tempDataDir.ts';

const dirs = new TempDataDirs();
afterEach(() => dirs.cleanup());

/** A pid that certainly belonged to a process which has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('EmbeddedLog data directory lock', () => {
  describe('when the directory is open in this process', () => {
    it('refuses a second open with LOG_LOCKED and allows it after close', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir });
      expect((await readFile(join(dataDir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid));
      await expect(EmbeddedLog.open({ dataDir })).rejects.toMatchObject({ code: 'LOG_LOCKED' });
      await log.close();
      const again = await EmbeddedLog.open({ dataDir });
      await again.close();
    });
  });

  describe('when another live process holds the lock', () => {
    it('refuses with LOG_LOCKED naming its pid', async () => {
      const dataDir = await dirs.make();
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
      try {
        await writeFile(join(dataDir, 'LOCK'), `${other.pid}\n`);
        const err = await EmbeddedLog.open({ dataDir }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'LOG_LOCKED', details: { pid: other.pid } });
        expect((err as Error).message).toContain(String(other.pid));
      } finally {
        other.kill('SIGKILL');
      }
    });
  });

  describe('when the lock belongs to a dead process', () => {
    it('takes it over', async () => {
      const dataDir = await dirs.make();
      await writeFile(join(dataDir, 'LOCK'), `${await deadPid()}\n`);
      const log = await EmbeddedLog.open({ dataDir });
      expect((await readFile(join(dataDir, 'LOCK'), 'utf8')).trim()).toBe(String(process.pid));
      await log.close();
    });

    it('takes over a lock that carries our own pid from a previous life (a container pid 1)', async () => {
      const dataDir = await dirs.make();
      await writeFile(join(dataDir, 'LOCK'), `${process.pid}\n`);
      const log = await EmbeddedLog.open({ dataDir });
      await log.close();
    });
  });

  describe('when the log is closed', () => {
    it('removes the lock file and rejects every call with LOG_CLOSED', async () => {
      const dataDir = await dirs.make();
      const log = await EmbeddedLog.open({ dataDir });
      await log.createTopics([{ name: 't', partitions: 1 }]);
      await log.close();
      await expect(readFile(join(dataDir, 'LOCK'))).rejects.toMatchObject({ code: 'ENOENT' });
      for (const call of [
        () => log.createTopics([{ name: 'u', partitions: 1 }]),
        () => log.listTopics(),
        () => log.produce('t', [{ key: null, value: null }]),
        () => log.offsetsForTime('t', 0),
        () => log.committedOffsets('g', 't'),
        () => log.readCompacted('t'),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'LOG_CLOSED' });
      }
      expect(() => log.consumer({ groupId: 'g', topics: ['t'] })).toThrow(expect.objectContaining({ code: 'LOG_CLOSED' }));
    });
  });
});
