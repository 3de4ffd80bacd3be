import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EfiError } from '../../../engine/errors/index.ts';
import type { AvroRecordSchema } from '../../../schemas/index.ts';
import { stableStringify } from './schemaNames.ts';

/** One registered schema of the local catalogue. Ids are global across types, like a registry's. */
export interface CatalogueEntry {
  id: number;
  type: string;
  subject: string;
  /** sha256 of the schema JSON with sorted keys. */
  fingerprint: string;
  schema: AvroRecordSchema;
}

export interface CatalogueFileContent {
  format: 1;
  schemas: CatalogueEntry[];
}

/** The file's identity when read, to notice cheaply that another process has changed it. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export function fingerprintOf(schema: AvroRecordSchema): string {
  return createHash('sha256').update(stableStringify(schema)).digest('hex');
}

export function cataloguePaths(dataDir: string): { file: string; lock: string } {
  const dir = join(dataDir, 'schemas');
  return { file: join(dir, 'catalogue.json'), lock: join(dir, 'catalogue.lock') };
}

export async function statCatalogue(file: string): Promise<FileStamp | undefined> {
  try {
    const { mtimeMs, size } = await stat(file);
    return { mtimeMs, size };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Reads the catalogue; a missing file is an empty catalogue, an unreadable one is `CONFIG_INVALID`. */
export async function readCatalogue(file: string): Promise<{ content: CatalogueFileContent; stamp: FileStamp | undefined }> {
  const stamp = await statCatalogue(file);
  if (!stamp) return { content: { format: 1, schemas: [] }, stamp };
  const text = await readFile(file, 'utf8');
  let content: CatalogueFileContent;
  try {
    content = JSON.parse(text) as CatalogueFileContent;
  } catch (err) {
    throw new EfiError('CONFIG_INVALID', `schema catalogue ${file} is not valid JSON; restore it from backup (ids in the log refer to it)`, { cause: err, details: { file } });
  }
  if (content.format !== 1 || !Array.isArray(content.schemas)) {
    throw new EfiError('CONFIG_INVALID', `schema catalogue ${file} has an unknown format`, { details: { file, format: content.format } });
  }
  return { content, stamp };
}

/**
 * Replaces the catalogue atomically: write a temp file, fsync it, rename over the old one, fsync
 * the directory. A crash leaves either the old or the new catalogue, never a torn one.
 */
export async function writeCatalogue(file: string, content: CatalogueFileContent): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

const STALE_EMPTY_LOCK_MS = 5_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding an exclusive lock file beside the catalogue, so two processes sharing a
 * data directory (the engine and `efi produce`) never hand out the same id twice. A lock left
 * by a dead process is taken over.
 */
export async function withCatalogueLock<T>(lockFile: string, { timeoutMs }: { timeoutMs: number }, work: () => Promise<T>): Promise<T> {
  await mkdir(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      const age = Date.now() - ((await statCatalogue(lockFile))?.mtimeMs ?? Date.now());
      // An empty file is normally a holder between create and write; empty for seconds, it died there.
      const stale = Number.isInteger(holder) && holder > 0 ? !isAlive(holder) : age > STALE_EMPTY_LOCK_MS;
      if (stale) {
        await rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new EfiError('SCHEMA_REGISTRY_UNAVAILABLE', `schema catalogue is locked by process ${holder || '?'} (${lockFile})`, {
          retriable: true,
          details: { lockFile, holder },
        });
      }
      await sleep(20);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}
