export { openConnectors } from './openConnectors.ts';
export type { Connectors, OpenConnectorsOptions } from './openConnectors.ts';
