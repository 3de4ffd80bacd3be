import { EfiError } from '../../../engine/errors/index.ts';
import { createLogger } from '../../../engine/logging/index.ts';
import { FsyncPolicy, type EmbeddedLogOptions } from '../EmbeddedLogOptions.ts';
import { maxBatchBytes } from './batchFormat.ts';
import type { LogSettings } from './LogSettings.ts';

export interface ResolvedOptions {
  dataDir: string;
  fsyncIntervalMs: number;
  settings: LogSettings;
}

/** Applies the defaults of {@link EmbeddedLogOptions} and rejects nonsense with `CONFIG_INVALID`. */
export function resolveSettings({
  dataDir,
  fsync = 'always',
  fsyncIntervalMs = 100,
  segmentBytes = 64 * 1024 * 1024,
  maxRecordBytes = 1024 * 1024,
  indexIntervalBytes = 4 * 1024,
  readChunkBytes = 256 * 1024,
  logger = createLogger({ name: 'embedded-log' }),
}: EmbeddedLogOptions): ResolvedOptions {
  const fail = (what: string, value: unknown) =>
    new EfiError('CONFIG_INVALID', `embedded log: ${what} (got ${JSON.stringify(value)})`, { details: { option: what.split(' ')[0], value } });
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw fail('dataDir must be a directory path', dataDir);
  if (!Object.values(FsyncPolicy).includes(fsync)) throw fail(`fsync must be one of ${Object.values(FsyncPolicy).join(', ')}`, fsync);
  const int = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) throw fail(`${name} must be an integer from ${min} to ${max}`, value);
  };
  int('fsyncIntervalMs', fsyncIntervalMs, 1, 60_000);
  int('segmentBytes', segmentBytes, 4 * 1024, 2 ** 40);
  // The on-disk frame length is a u32; 256 MiB keeps a single record far below it and sane in memory.
  int('maxRecordBytes', maxRecordBytes, 1024, 256 * 1024 * 1024);
  int('indexIntervalBytes', indexIntervalBytes, 64, 1024 * 1024 * 1024);
  int('readChunkBytes', readChunkBytes, 4 * 1024, 64 * 1024 * 1024);
  return {
    dataDir,
    fsyncIntervalMs,
    settings: {
      fsync,
      segmentBytes,
      maxRecordBytes,
      maxFrameBytes: maxBatchBytes(maxRecordBytes),
      indexIntervalBytes,
      chunkBytes: readChunkBytes,
      logger,
    },
  };
}
