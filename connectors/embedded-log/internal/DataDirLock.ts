import { open, readFile, realpath, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { EfiError } from '../../../engine/errors/index.ts';
import type { Logger } from '../../../engine/logging/index.ts';

/** Data directories held by this process (a second open in the same process is refused too). */
const heldHere = new Set<string>();

/**
 * Exclusive ownership of a data directory, like a Kafka broker's log dir: `<dataDir>/LOCK` holds
 * the owner's pid. A lock whose pid is dead is stale and taken over; a live owner gets
 * `LOG_LOCKED` naming its pid. The pid check (rather than an OS file lock, which Node lacks) means
 * the lock also frees itself after `kill -9`. Known gap: two processes taking over the same stale
 * lock at the same instant could both succeed; starting two engines on one directory at the same
 * moment after a crash is not a supported operation.
 */
export class DataDirLock {
  private constructor(
    readonly path: string,
    readonly dir: string,
  ) {}

  static async acquire(dataDir: string, logger: Logger): Promise<DataDirLock> {
    const dir = await realpath(dataDir);
    const path = join(dir, 'LOCK');
    if (heldHere.has(dir)) {
      throw new EfiError('LOG_LOCKED', `data directory ${dir} is already open in this process (pid ${process.pid})`, {
        details: { dataDir: dir, pid: process.pid },
      });
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
        await handle.close();
        heldHere.add(dir);
        return new DataDirLock(path, dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      // Our own pid in a lock we do not hold is a previous life of this pid (a container's pid 1).
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new EfiError('LOG_LOCKED', `data directory ${dir} is in use by process ${owner}`, {
          retriable: true,
          details: { dataDir: dir, pid: owner, lockFile: path },
        });
      }
      logger.warn({ lockFile: path, stalePid: Number.isInteger(owner) ? owner : null }, 'taking over a stale data directory lock');
      await unlink(path).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    throw new EfiError('LOG_LOCKED', `could not lock data directory ${dir}: another process keeps taking it`, {
      retriable: true,
      details: { dataDir: dir, lockFile: path },
    });
  }

  async release(): Promise<void> {
    heldHere.delete(this.dir);
    await unlink(this.path).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
