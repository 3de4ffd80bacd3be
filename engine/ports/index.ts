export type {
  BatchHandler,
  ConsumerOptions,
  EventLog,
  LogConsumer,
  LogRecord,
  PartitionOffsets,
  ProduceRecord,
  RecordBatch,
  RecordMetadata,
  TopicInfo,
  TopicPartition,
  TopicPartitionOffset,
  TopicSpec,
} from './EventLog.ts';
export type { DecodedEvent, SchemaCodec } from './SchemaCodec.ts';
export type { StateEntry, StateStore } from './StateStore.ts';
export type { Matcher, MatchResult, MatchSuggestion } from './Matcher.ts';
