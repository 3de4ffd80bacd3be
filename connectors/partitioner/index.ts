export { murmur2 } from './murmur2.ts';
export { partitionForKey } from './partitionForKey.ts';
export { StickyPartitioner } from './StickyPartitioner.ts';
export type { PartitionableRecord } from './StickyPartitioner.ts';
