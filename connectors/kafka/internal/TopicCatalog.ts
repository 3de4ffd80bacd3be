import type { Admin } from 'kafkajs';
import { EfiError } from '../../../engine/errors/index.ts';
import type { TopicInfo, TopicSpec } from '../../../engine/ports/index.ts';
import { ConfigResourceTypes } from './kafkajs.ts';
import { toEfiError } from './toEfiError.ts';

export interface TopicCatalogOptions {
  admin: () => Promise<Admin>;
  metadataMaxAgeMs: number;
  topicReadyTimeoutMs: number;
  replicationFactor: number | undefined;
}

/**
 * What the log knows about topics: it creates them, lists them, and caches partition counts
 * (needed on every produce to pick partitions) for `metadataMaxAgeMs`.
 *
 * @example
 * const count = await catalog.partitions('efi.tickets.v1'); // LOG_TOPIC_UNKNOWN if absent
 */
export class TopicCatalog {
  readonly #o: TopicCatalogOptions;
  readonly #counts = new Map<string, { partitions: number; at: number }>();

  constructor(options: TopicCatalogOptions) {
    this.#o = options;
  }

  /** The topic's partition count; `refresh` skips the cache (explicit partition beyond it). */
  async partitions(topic: string, { refresh = false } = {}): Promise<number> {
    const cached = this.#counts.get(topic);
    if (!refresh && cached && Date.now() - cached.at < this.#o.metadataMaxAgeMs) return cached.partitions;
    const admin = await this.#o.admin();
    let partitions: number;
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      partitions = topics.find((t) => t.name === topic)?.partitions.length ?? 0;
    } catch (err) {
      this.#counts.delete(topic);
      throw toEfiError(err, { operation: 'topic lookup', topic });
    }
    if (partitions === 0) throw new EfiError('LOG_TOPIC_UNKNOWN', `topic ${topic} does not exist`, { details: { topic } });
    this.#counts.set(topic, { partitions, at: Date.now() });
    return partitions;
  }

  /** Fails with `LOG_TOPIC_UNKNOWN` unless every topic exists. */
  async ensure(topics: readonly string[]): Promise<void> {
    await Promise.all(topics.map((t) => this.partitions(t)));
  }

  /** Creates missing topics (existing ones keep their partition count) and waits for leaders. */
  async create(specs: readonly TopicSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const admin = await this.#o.admin();
    try {
      // Asking only for missing topics keeps the broker's "already exists" errors out of the
      // logs; a topic created concurrently still comes back as that error, which kafkajs
      // swallows, but then skips its own leader wait: hence the explicit wait below.
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        timeout: this.#o.topicReadyTimeoutMs,
        topics: missing.map(({ name, partitions, compacted }) => ({
          topic: name,
          numPartitions: partitions,
          ...(this.#o.replicationFactor === undefined ? {} : { replicationFactor: this.#o.replicationFactor }),
          configEntries: compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
        })),
      });
    } catch (err) {
      throw toEfiError(err, { operation: 'createTopics' });
    }
    await this.#waitForLeaders(admin, specs.map((s) => s.name));
  }

  /** Every non-internal topic with its partition count and whether it is compacted. */
  async list(): Promise<TopicInfo[]> {
    const admin = await this.#o.admin();
    try {
      const { topics } = await admin.fetchTopicMetadata();
      // `__consumer_offsets` and friends belong to the broker, not to the engine.
      const ours = topics.filter((t) => !t.name.startsWith('__'));
      if (ours.length === 0) return [];
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: ours.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name, configNames: ['cleanup.policy'] })),
      });
      const policy = new Map(resources.map((r) => [r.resourceName, r.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue ?? '']));
      const now = Date.now();
      return ours.map((t) => {
        this.#counts.set(t.name, { partitions: t.partitions.length, at: now });
        return { name: t.name, partitions: t.partitions.length, compacted: (policy.get(t.name) ?? '').split(',').includes('compact') };
      });
    } catch (err) {
      throw toEfiError(err, { operation: 'listTopics' });
    }
  }

  async #waitForLeaders(admin: Admin, names: string[]): Promise<void> {
    const deadline = Date.now() + this.#o.topicReadyTimeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: names });
        const ready = topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        if (ready && topics.length === names.length) {
          const now = Date.now();
          for (const t of topics) this.#counts.set(t.name, { partitions: t.partitions.length, at: now });
          return;
        }
      } catch (err) {
        lastError = err;
      }
      if (Date.now() > deadline) {
        throw new EfiError('LOG_UNAVAILABLE', `topics ${names.join(', ')} have no leaders after ${this.#o.topicReadyTimeoutMs} ms`, {
          cause: lastError,
          retriable: true,
          details: { topics: names },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
