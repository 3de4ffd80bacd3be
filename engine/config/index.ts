export { loadConfig } from './loadConfig.ts';
export type { EngineConfig, FsyncPolicy } from './EngineConfig.ts';
