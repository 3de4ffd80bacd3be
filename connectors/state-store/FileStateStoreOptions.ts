import type { Logger } from '../../engine/logging/index.ts';

/**
 * When the file state store forces its appends to disk, and so what a resolved call promises.
 *
 * - `always` (default): every batch of calls is fsynced (fdatasync) before they resolve; calls
 *   queued while one fsync runs share the next write and fsync. Survives `kill -9`, an OS crash
 *   and a power loss.
 * - `never`: written before resolving (survives `kill -9`: the bytes are in the page cache) but
 *   fsynced only by compaction and `close()`. For scratch directories, tests and replays.
 */
export const StateFsyncPolicy = { always: 'always', never: 'never' } as const;
export type StateFsyncPolicy = (typeof StateFsyncPolicy)[keyof typeof StateFsyncPolicy];

/** Options of {@link FileStateStore.open}; sizes in bytes. */
export interface FileStateStoreOptions {
  /** The engine's data directory; the store owns `<dataDir>/state/` (and its `LOCK`). */
  dataDir: string;
  /** Default `always`. */
  fsync?: StateFsyncPolicy;
  /** Compaction is considered only once the files hold at least this much. Default 64 MiB. */
  compactMinBytes?: number;
  /** Compaction runs when more than this share of the files is garbage (overwritten or deleted). Default 0.5. */
  compactGarbageRatio?: number;
  /** Largest encoded `putMany` / `deleteMany` call (one frame on disk). Default 256 MiB. */
  maxCallBytes?: number;
  /** Calls waiting for the writer beyond this are refused with `QUEUE_FULL`. Default 10,000. */
  maxQueuedCalls?: number;
  /** Defaults to the engine logger named `state-store`. */
  logger?: Logger;
}
