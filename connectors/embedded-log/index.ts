export { EmbeddedLog } from './EmbeddedLog.ts';
export { FsyncPolicy } from './EmbeddedLogOptions.ts';
export type { EmbeddedLogOptions } from './EmbeddedLogOptions.ts';
