export { KafkaLog } from './KafkaLog.ts';
export type { ConsumerFailure, KafkaLogOptions } from './KafkaLogOptions.ts';
