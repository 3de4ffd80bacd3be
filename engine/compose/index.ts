export { openConnectors } from './openConnectors.ts';
export type { Connectors, OpenConnectorsOptions } from './openConnectors.ts';
export { engineKinds, startEngine } from './startEngine.ts';
export type { Engine, StartEngineOptions } from './startEngine.ts';
