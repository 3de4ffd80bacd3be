import type { Logger } from '../../engine/logging/index.ts';

/**
 * When appended bytes are forced to disk (`fsync`), and so what an acknowledgement promises.
 *
 * - `always` (default): every `produce()` call's records are fsynced before it resolves — one
 *   write and one fsync per partition touched by the call (group commit per call, not per record;
 *   concurrent calls to one partition share a write and an fsync). An ack survives `kill -9`,
 *   an OS crash and a power loss.
 * - `interval`: records are written before the ack and fsynced every `fsyncIntervalMs`. An ack
 *   survives `kill -9` (the bytes are in the page cache) but the last interval of acks may be
 *   lost on an OS crash or power loss. Much cheaper for many small produce calls.
 * - `never`: fsync only on `close()`; the OS writes back when it likes.
 *   For throwaway data (tests, replays into scratch directories).
 */
export const FsyncPolicy = { always: 'always', interval: 'interval', never: 'never' } as const;
export type FsyncPolicy = (typeof FsyncPolicy)[keyof typeof FsyncPolicy];

/** Options of {@link EmbeddedLog.open}; every size is in bytes, every duration in milliseconds. */
export interface EmbeddedLogOptions {
  /** Directory owned by this log (`<dataDir>/log`, `<dataDir>/groups`, `<dataDir>/LOCK`). */
  dataDir: string;
  /** Default `always`. */
  fsync?: FsyncPolicy;
  /** Period of the background fsync under `interval`. Default 100 ms. */
  fsyncIntervalMs?: number;
  /** A segment is sealed (and compaction may run) once it grows past this. Default 64 MiB. */
  segmentBytes?: number;
  /** Largest record frame accepted (key + value + headers + 35 bytes). Default 1 MiB, Kafka's default. */
  maxRecordBytes?: number;
  /** Distance between sparse index entries. Default 4 KiB. */
  indexIntervalBytes?: number;
  /** Size of the chunks reads and scans fetch from a segment. Default 256 KiB. */
  readChunkBytes?: number;
  /** Defaults to the engine logger named `embedded-log`. */
  logger?: Logger;
}
