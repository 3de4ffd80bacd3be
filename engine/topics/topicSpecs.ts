import { LogicalTopic } from '../../schemas/index.ts';
import type { TopicSpec } from '../ports/index.ts';

// Why these counts: tickets and telemetry are the high-volume inputs and the unit of scale-out
// (up to 12 engine instances); cards are fewer and keyed by card id; sync must be ONE partition
// because its offset is the global, gap-free sync version.
const PARTITIONS: Record<LogicalTopic, number> = {
  tickets: 12,
  telemetry: 12,
  cards: 6,
  'cards.changelog': 6,
  events: 6,
  sync: 1,
  audit: 3,
  dlq: 1,
};

const COMPACTED: ReadonlySet<LogicalTopic> = new Set(['cards.changelog']);

/** The full topic name of a logical topic under a prefix. */
export function topicName(prefix: string, logical: LogicalTopic): string {
  return `${prefix}${logical}.v1`;
}

/**
 * The topics the engine creates on start, with their partition counts and compaction.
 *
 * @example
 * await log.createTopics(topicSpecs('efi.')); // efi.tickets.v1 (12), …, efi.sync.v1 (1)
 */
export function topicSpecs(prefix: string): TopicSpec[] {
  return LogicalTopic.map((logical) => ({
    name: topicName(prefix, logical),
    partitions: PARTITIONS[logical],
    compacted: COMPACTED.has(logical),
  }));
}

/**
 * Resolves what a user typed (`tickets`, `efi.tickets.v1`) to a logical topic, or undefined.
 */
export function resolveTopic(prefix: string, input: string): LogicalTopic | undefined {
  return LogicalTopic.find((logical) => input === logical || input === topicName(prefix, logical));
}
