import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EfiError } from '../../../engine/errors/index.ts';
import type { TopicInfo, TopicSpec } from '../../../engine/ports/EventLog.ts';
import { fsyncDir, writeFileAtomic } from './durableFiles.ts';
import type { LogSettings } from './LogSettings.ts';
import { PartitionLog } from './PartitionLog.ts';

export interface Topic {
  info: TopicInfo;
  partitions: PartitionLog[];
}

/** Kafka's legal topic names, so a name that works here works on a broker too. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
/** Why a cap: each partition holds open file handles and an index; thousands are a typo. */
const MAX_PARTITIONS = 1024;
const META = 'topic.json';

/**
 * The topics under `<dataDir>/log/<topic>/`, each with `topic.json` (name, partitions, compacted)
 * and a directory per partition. `topic.json` is written last and atomically, so a topic whose
 * creation crashed half-way does not exist and is simply created again.
 */
export class TopicCatalog {
  readonly #topics = new Map<string, Topic>();
  #creating: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    readonly settings: LogSettings,
  ) {}

  static async open(dir: string, settings: LogSettings): Promise<TopicCatalog> {
    await mkdir(dir, { recursive: true });
    const catalog = new TopicCatalog(dir, settings);
    try {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const meta = await readFile(join(dir, entry.name, META), 'utf8').catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return null;
          throw e;
        });
        if (meta === null) continue;
        const info = parseMeta(meta, join(dir, entry.name, META));
        catalog.#topics.set(info.name, { info, partitions: await catalog.#openPartitions(info) });
      }
    } catch (err) {
      await catalog.close();
      throw err;
    }
    return catalog;
  }

  get(name: string): Topic {
    const topic = this.#topics.get(name);
    if (!topic) throw new EfiError('LOG_TOPIC_UNKNOWN', `no topic ${name}`, { details: { topic: name } });
    return topic;
  }

  has(name: string): boolean {
    return this.#topics.has(name);
  }

  list(): TopicInfo[] {
    return [...this.#topics.values()].map((t) => ({ ...t.info }));
  }

  all(): Iterable<Topic> {
    return this.#topics.values();
  }

  /** Creates the topics that do not exist yet; an existing topic keeps its partition count. */
  async create(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) validate(spec);
    const run = this.#creating.then(async () => {
      for (const spec of specs) if (!this.#topics.has(spec.name)) await this.#create(spec);
    });
    this.#creating = run.catch(() => undefined);
    await run;
  }

  async #create({ name, partitions, compacted = false }: TopicSpec): Promise<void> {
    const info: TopicInfo = { name, partitions, compacted };
    const topicDir = join(this.dir, name);
    await mkdir(topicDir, { recursive: true });
    const logs = await this.#openPartitions(info);
    await fsyncDir(topicDir);
    await writeFileAtomic(join(topicDir, META), `${JSON.stringify({ ...info, createdAt: new Date().toISOString() })}\n`, topicDir);
    await fsyncDir(this.dir);
    this.#topics.set(name, { info, partitions: logs });
  }

  async #openPartitions(info: TopicInfo): Promise<PartitionLog[]> {
    const opened = await Promise.allSettled(
      Array.from({ length: info.partitions }, (_, p) => PartitionLog.open(join(this.dir, info.name, String(p)), info.name, p, this.settings)),
    );
    const failed = opened.find((r) => r.status === 'rejected');
    if (failed) {
      for (const r of opened) if (r.status === 'fulfilled') await r.value.close();
      throw failed.reason;
    }
    return opened.map((r) => (r as PromiseFulfilledResult<PartitionLog>).value);
  }

  async close(): Promise<void> {
    await this.#creating;
    for (const topic of this.#topics.values()) {
      for (const p of topic.partitions) await p.close();
    }
    this.#topics.clear();
  }
}

function validate(spec: TopicSpec): void {
  if (!TOPIC_NAME.test(spec.name) || spec.name === '.' || spec.name === '..') {
    throw new EfiError('INPUT_MALFORMED', `illegal topic name ${JSON.stringify(spec.name)} (letters, digits, '.', '_', '-'; at most 249)`, {
      details: { topic: spec.name },
    });
  }
  if (!Number.isInteger(spec.partitions) || spec.partitions < 1 || spec.partitions > MAX_PARTITIONS) {
    throw new EfiError('INPUT_MALFORMED', `topic ${spec.name}: partitions must be an integer from 1 to ${MAX_PARTITIONS}`, {
      details: { topic: spec.name, partitions: spec.partitions },
    });
  }
}

function parseMeta(text: string, file: string): TopicInfo {
  const meta = JSON.parse(text) as Partial<TopicInfo>;
  if (typeof meta.name !== 'string' || !Number.isInteger(meta.partitions) || typeof meta.compacted !== 'boolean') {
    throw new EfiError('LOG_CORRUPT', `unreadable topic metadata ${file}`, { details: { file } });
  }
  return { name: meta.name, partitions: meta.partitions!, compacted: meta.compacted };
}
