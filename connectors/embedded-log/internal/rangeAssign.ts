import type { TopicPartition } from '../../../engine/ports/EventLog.ts';

export interface Subscriber {
  readonly topics: readonly string[];
}

/**
 * Kafka's range assignor: per topic, its subscribers (in join order) each take a consecutive run
 * of partitions, the first `partitions % members` of them one more than the rest.
 *
 * @example
 * rangeAssign([a, b], () => 5); // a: 0,1,2  b: 3,4 (for each topic both subscribe to)
 */
export function rangeAssign<M extends Subscriber>(members: readonly M[], partitionsOf: (topic: string) => number): Map<M, TopicPartition[]> {
  const result = new Map<M, TopicPartition[]>(members.map((m) => [m, []]));
  const topics = [...new Set(members.flatMap((m) => m.topics))].sort();
  for (const topic of topics) {
    const subscribers = members.filter((m) => m.topics.includes(topic));
    const n = partitionsOf(topic);
    const per = Math.floor(n / subscribers.length);
    const extra = n % subscribers.length;
    let next = 0;
    subscribers.forEach((m, i) => {
      const count = per + (i < extra ? 1 : 0);
      for (let k = 0; k < count; k += 1) result.get(m)!.push({ topic, partition: next + k });
      next += count;
    });
  }
  return result;
}
