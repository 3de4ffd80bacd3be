import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EfiError } from '../../engine/errors/index.ts';
import type {
  ConsumerOptions,
  EventLog,
  LogConsumer,
  LogRecord,
  PartitionOffsets,
  ProduceRecord,
  RecordMetadata,
  TopicInfo,
  TopicPartitionOffset,
  TopicSpec,
} from '../../engine/ports/EventLog.ts';
import { StickyPartitioner } from '../partitioner/index.ts';
import type { EmbeddedLogOptions } from './EmbeddedLogOptions.ts';
import { compactPartition } from './internal/compactPartition.ts';
import { DataDirLock } from './internal/DataDirLock.ts';
import { EmbeddedConsumer } from './internal/EmbeddedConsumer.ts';
import { encodeProduce } from './internal/encodeProduce.ts';
import { GroupCoordinator } from './internal/GroupCoordinator.ts';
import { GroupOffsetStore, partitionKey } from './internal/GroupOffsetStore.ts';
import type { LogSettings } from './internal/LogSettings.ts';
import type { PartitionLog } from './internal/PartitionLog.ts';
import { resolveSettings } from './internal/resolveSettings.ts';
import { TopicCatalog } from './internal/TopicCatalog.ts';

/** Records per read while scanning a whole partition (readCompacted). */
const SCAN_BATCH_RECORDS = 10_000;

/**
 * The embedded, file-backed event log: Kafka's model (topics, partitions, offsets, timestamps,
 * consumer groups, compaction) in one process, under one data directory that it owns exclusively.
 * See the README beside this file for the layout and guarantees.
 *
 * @example
 * const log = await EmbeddedLog.open({ dataDir: './data' }); // fsync 'always' by default
 * await log.createTopics([{ name: 'efi.tickets.v1', partitions: 12 }]);
 * const acks = await log.produce('efi.tickets.v1', [{ key: Buffer.from('LOC-1'), value }]);
 * await log.close();
 */
export class EmbeddedLog implements EventLog {
  readonly kind = 'embedded' as const;
  #closing: Promise<void> | null = null;
  #closed = false;
  #syncRun: Promise<void> | null = null;
  readonly #timer: NodeJS.Timeout | null;
  readonly #consumers = new Set<EmbeddedConsumer>();
  readonly #compactions = new Map<PartitionLog, Promise<number>>();
  readonly #partitioner = new StickyPartitioner();
  readonly #coordinator: GroupCoordinator;

  readonly #settings: LogSettings;
  readonly #lock: DataDirLock;
  readonly #catalog: TopicCatalog;
  readonly #offsets: GroupOffsetStore;

  private constructor(
    /** The data directory (resolved to its real path). */
    readonly dataDir: string,
    settings: LogSettings,
    fsyncIntervalMs: number,
    lock: DataDirLock,
    catalog: TopicCatalog,
    offsets: GroupOffsetStore,
  ) {
    this.#settings = settings;
    this.#lock = lock;
    this.#catalog = catalog;
    this.#offsets = offsets;
    this.#coordinator = new GroupCoordinator((topic) => catalog.get(topic).partitions.length);
    this.#timer = settings.fsync === 'interval' ? setInterval(() => this.#tick(), fsyncIntervalMs).unref() : null;
    this.#hookCompaction();
  }

  /** Locks `dataDir` (`LOG_LOCKED` if another process has it), recovers every partition and opens. */
  static async open(options: EmbeddedLogOptions): Promise<EmbeddedLog> {
    const { dataDir, fsyncIntervalMs, settings } = resolveSettings(options);
    await mkdir(dataDir, { recursive: true });
    const lock = await DataDirLock.acquire(dataDir, settings.logger);
    try {
      const catalog = await TopicCatalog.open(join(lock.dir, 'log'), settings);
      const offsets = new GroupOffsetStore(join(lock.dir, 'groups'), settings);
      return new EmbeddedLog(lock.dir, settings, fsyncIntervalMs, lock, catalog, offsets);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  async createTopics(specs: TopicSpec[]): Promise<void> {
    this.#assertOpen();
    await this.#catalog.create(specs);
    this.#hookCompaction();
  }

  async listTopics(): Promise<TopicInfo[]> {
    this.#assertOpen();
    return this.#catalog.list();
  }

  async produce(topic: string, records: ProduceRecord[]): Promise<RecordMetadata[]> {
    this.#assertOpen();
    if (records.length === 0) return [];
    const { partitions } = this.#catalog.get(topic);
    const acks: RecordMetadata[] = new Array(records.length);
    const pick = this.#partitioner.forCall(topic, partitions.length);
    const batches = encodeProduce(topic, partitions, records, pick, this.#settings.maxRecordBytes, acks);
    if (batches.length === 1) await batches[0]!.log.append(batches[0]!.buffer);
    else await Promise.all(batches.map((b) => b.log.append(b.buffer)));
    return acks;
  }

  async listOffsets(topic: string): Promise<PartitionOffsets[]> {
    this.#assertOpen();
    return this.#catalog.get(topic).partitions.map((p) => ({ partition: p.partition, low: p.low, high: p.high }));
  }

  async offsetsForTime(topic: string, timestamp: number): Promise<TopicPartitionOffset[]> {
    this.#assertOpen();
    const { partitions } = this.#catalog.get(topic);
    return Promise.all(partitions.map(async (p) => ({ topic, partition: p.partition, offset: await p.offsetForTime(timestamp) })));
  }

  async committedOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]> {
    this.#assertOpen();
    const { partitions } = this.#catalog.get(topic);
    const committed = await this.#offsets.committed(groupId);
    return partitions.map((p) => ({ topic, partition: p.partition, offset: committed.get(partitionKey(topic, p.partition)) ?? -1 }));
  }

  consumer(options: ConsumerOptions): LogConsumer {
    this.#assertOpen();
    const consumer = new EmbeddedConsumer(
      {
        catalog: this.#catalog,
        coordinator: this.#coordinator,
        offsets: this.#offsets,
        logger: this.#settings.logger,
        assertOpen: () => this.#assertOpen(),
        onStopped: (c) => this.#consumers.delete(c),
      },
      options,
    );
    this.#consumers.add(consumer);
    return consumer;
  }

  async readCompacted(topic: string): Promise<Map<string, LogRecord>> {
    this.#assertOpen();
    const latest = new Map<string, LogRecord>();
    for (const partition of this.#catalog.get(topic).partitions) {
      const high = partition.high;
      let from = partition.low;
      while (from < high) {
        const { records, next } = await partition.read(from, SCAN_BATCH_RECORDS);
        for (const r of records) {
          if (r.key === null) continue;
          // Compare keys as bytes; UTF-8 only for the returned map's keys.
          const key = r.key.toString('latin1');
          if (r.value === null) latest.delete(key);
          else latest.set(key, r);
        }
        if (records.length === 0) break;
        from = next;
      }
    }
    const result = new Map<string, LogRecord>();
    // Copies, so the returned records do not pin the large read chunks they were parsed from.
    for (const r of latest.values()) result.set(r.key!.toString('utf8'), copyRecord(r));
    return result;
  }

  /**
   * Runs a compaction pass now over every partition of a compacted topic (it also runs by itself
   * whenever a segment of such a topic is sealed). Resolves with the number of records removed.
   */
  async compact(topic: string): Promise<number> {
    this.#assertOpen();
    const { info, partitions } = this.#catalog.get(topic);
    if (!info.compacted) throw new EfiError('INPUT_MALFORMED', `topic ${topic} is not compacted`, { details: { topic } });
    const removed = await Promise.all(partitions.map((p) => this.#compact(p)));
    return removed.reduce((a, b) => a + b, 0);
  }

  /** Stops consumers, finishes appends and compactions, fsyncs, closes files, releases the lock. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    // Consumers stop first, while the log is still open: their onRevoke may commit or produce.
    await Promise.all([...this.#consumers].map((c) => c.stop()));
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#syncRun;
    await Promise.all([...this.#compactions.values()].map((p) => p.catch(() => 0)));
    try {
      await this.#catalog.close();
      await this.#offsets.close();
    } finally {
      await this.#lock.release();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new EfiError('LOG_CLOSED', `the embedded log at ${this.dataDir} is closed`, { details: { dataDir: this.dataDir } });
  }

  #compact(partition: PartitionLog): Promise<number> {
    const previous = this.#compactions.get(partition) ?? Promise.resolve(0);
    const run = previous.catch(() => 0).then(() => compactPartition(partition, this.#settings));
    this.#compactions.set(partition, run);
    void run
      .catch(() => 0)
      .finally(() => {
        if (this.#compactions.get(partition) === run) this.#compactions.delete(partition);
      });
    return run;
  }

  #hookCompaction(): void {
    for (const { info, partitions } of this.#catalog.all()) {
      if (!info.compacted) continue;
      for (const p of partitions) {
        p.onRoll ??= () => {
          if (this.#closed) return;
          this.#compact(p).catch((err: unknown) =>
            this.#settings.logger.error({ err, topic: p.topic, partition: p.partition }, 'compaction after segment roll failed'),
          );
        };
      }
    }
  }

  #tick(): void {
    // One periodic fsync at a time; a slow disk skips ticks rather than piling them up.
    if (this.#syncRun || this.#closed) return;
    this.#syncRun = this.#syncAll().finally(() => {
      this.#syncRun = null;
    });
  }

  async #syncAll(): Promise<void> {
    try {
      // Records before commits: a durable commit must not point past durable records.
      for (const { partitions } of this.#catalog.all()) for (const p of partitions) await p.sync();
      await this.#offsets.sync();
    } catch (err) {
      this.#settings.logger.error({ err }, 'periodic fsync failed');
    }
  }
}

function copyRecord(r: LogRecord): LogRecord {
  const headers: Record<string, Buffer> = {};
  for (const name in r.headers) headers[name] = Buffer.from(r.headers[name]!);
  return { ...r, key: r.key && Buffer.from(r.key), value: r.value && Buffer.from(r.value), headers };
}
