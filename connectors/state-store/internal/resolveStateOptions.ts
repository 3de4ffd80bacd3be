import { EfiError } from '../../../engine/errors/index.ts';
import { createLogger, type Logger } from '../../../engine/logging/index.ts';
import { type FileStateStoreOptions, StateFsyncPolicy } from '../FileStateStoreOptions.ts';
import { MAX_FRAME_BYTES } from './stateFrame.ts';

export interface StateSettings {
  dataDir: string;
  fsync: StateFsyncPolicy;
  compactMinBytes: number;
  compactGarbageRatio: number;
  maxCallBytes: number;
  maxQueuedCalls: number;
  logger: Logger;
}

/** Applies the defaults of {@link FileStateStoreOptions} and rejects nonsense with `CONFIG_INVALID`. */
export function resolveStateOptions({
  dataDir,
  fsync = 'always',
  compactMinBytes = 64 * 1024 * 1024,
  compactGarbageRatio = 0.5,
  maxCallBytes = 256 * 1024 * 1024,
  // Callers await their calls and bound their own in-flight work; this only stops a runaway loop.
  maxQueuedCalls = 10_000,
  logger = createLogger({ name: 'state-store' }),
}: FileStateStoreOptions): StateSettings {
  const fail = (what: string, value: unknown) =>
    new EfiError('CONFIG_INVALID', `file state store: ${what} (got ${JSON.stringify(value)})`, { details: { option: what.split(' ')[0], value } });
  if (typeof dataDir !== 'string' || dataDir.length === 0) throw fail('dataDir must be a directory path', dataDir);
  if (!Object.values(StateFsyncPolicy).includes(fsync)) throw fail(`fsync must be one of ${Object.values(StateFsyncPolicy).join(', ')}`, fsync);
  const int = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) throw fail(`${name} must be an integer from ${min} to ${max}`, value);
  };
  int('compactMinBytes', compactMinBytes, 0, 2 ** 50);
  int('maxCallBytes', maxCallBytes, 1024, MAX_FRAME_BYTES);
  int('maxQueuedCalls', maxQueuedCalls, 1, 10_000_000);
  if (typeof compactGarbageRatio !== 'number' || !(compactGarbageRatio > 0 && compactGarbageRatio < 1)) {
    throw fail('compactGarbageRatio must be a number between 0 and 1 (exclusive)', compactGarbageRatio);
  }
  return { dataDir, fsync, compactMinBytes, compactGarbageRatio, maxCallBytes, maxQueuedCalls, logger };
}
