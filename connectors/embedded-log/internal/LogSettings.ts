import type { Logger } from '../../../engine/logging/index.ts';
import type { FsyncPolicy } from '../EmbeddedLogOptions.ts';

/** The validated, defaulted options every internal part of the embedded log shares. */
export interface LogSettings {
  fsync: FsyncPolicy;
  segmentBytes: number;
  maxRecordBytes: number;
  /** Largest batch frame a scan accepts as plausible (derived from `maxRecordBytes`). */
  maxFrameBytes: number;
  indexIntervalBytes: number;
  chunkBytes: number;
  logger: Logger;
}

/** Something waiting for a partition to grow (a consumer's partition cursor). */
export interface Waker {
  wake(): void;
}
