import { mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { EfiError } from '../../engine/errors/index.ts';
import type { StateEntry, StateStore } from '../../engine/ports/StateStore.ts';
import { DataDirLock } from '../embedded-log/internal/DataDirLock.ts';
import { fsyncDir } from '../embedded-log/internal/durableFiles.ts';
import type { FileStateStoreOptions } from './FileStateStoreOptions.ts';
import { compactState } from './internal/compactState.ts';
import { recoverState } from './internal/recoverState.ts';
import { resolveStateOptions, type StateSettings } from './internal/resolveStateOptions.ts';
import type { StateIndex, ValueLocation } from './internal/StateIndex.ts';
import { SegmentKind, StateSegment } from './internal/StateSegment.ts';
import { encodeFrame, type EncodedFrame, type FrameOp, MAX_NAME_BYTES, measureOp, OpKind, type OpSizes } from './internal/stateFrame.ts';

interface WriteJob {
  ops: FrameOp[];
  frame: EncodedFrame;
  resolve: () => void;
  reject: (err: unknown) => void;
}

// One writev of queued calls stays below this, so a burst does not build one giant write.
const MAX_WRITE_BYTES = 64 * 1024 * 1024;
// Values read per step of `scan`: bounded memory however big the namespace is.
const SCAN_CHUNK = 256;
// After a failed compaction (disk full …) wait before trying again rather than retrying on every write.
const COMPACTION_RETRY_MS = 60_000;

/**
 * The state store in the data directory: `<dataDir>/state/` holds append-only files of
 * CRC-framed put/delete records, one frame per call (so a call is applied whole or not at all),
 * and an in-memory index key → file position of the latest value (values stay on disk; see
 * `StateIndex`). Calls queued together share one write and one fsync (group commit). Recovery on
 * open truncates a torn tail; compaction rewrites the live values into a new `base` file when more
 * than `compactGarbageRatio` of the files is garbage. One process at a time: `<dataDir>/state/LOCK`
 * (the embedded log's pid lock; a second opener gets `LOG_LOCKED`).
 *
 * @example
 * const store = await FileStateStore.open({ dataDir: '/var/lib/efi' });
 * await store.putMany([{ namespace: 'efi.tickets.v1/7', key: 'ticket/T-123', value: '{"v":1}' }]);
 * const [value] = await store.getMany('efi.tickets.v1/7', ['ticket/T-123']);
 * await store.close();
 */
export class FileStateStore implements StateStore {
  readonly kind = 'file' as const;
  readonly #dir: string;
  readonly #settings: StateSettings;
  readonly #lock: DataDirLock;
  readonly #index: StateIndex;
  #segments: StateSegment[];
  #active: StateSegment;
  #nextId: number;
  #queue: WriteJob[] = [];
  #flushing: Promise<void> | null = null;
  #compaction: Promise<void> | null = null;
  #compactNotBefore = 0;
  #failure: EfiError | null = null;
  #closed: Promise<void> | null = null;

  private constructor(dir: string, settings: StateSettings, lock: DataDirLock, index: StateIndex, segments: StateSegment[], active: StateSegment, nextId: number) {
    this.#dir = dir;
    this.#settings = settings;
    this.#lock = lock;
    this.#index = index;
    this.#segments = segments;
    this.#active = active;
    this.#nextId = nextId;
  }

  /** Locks `<dataDir>/state/`, recovers its files and returns a store ready for calls. */
  static async open(options: FileStateStoreOptions): Promise<FileStateStore> {
    const settings = resolveStateOptions(options);
    const stateDir = join(settings.dataDir, 'state');
    await mkdir(stateDir, { recursive: true });
    const lock = await DataDirLock.acquire(stateDir, settings.logger);
    try {
      const { index, segments, nextId } = await recoverState(lock.dir, settings.logger);
      let active = segments.at(-1);
      let next = nextId;
      // Appends never go into a base file: it must stay exactly what its compaction wrote.
      if (!active || active.kind !== SegmentKind.seg) {
        active = await createSegment(lock.dir, next);
        next += 1;
        segments.push(active);
      }
      return new FileStateStore(lock.dir, settings, lock, index, segments, active, next);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  async getMany(namespace: string, keys: readonly string[]): Promise<(string | undefined)[]> {
    this.#assertUsable();
    const names = this.#index.namespace(namespace);
    const locations = keys.map((key) => names?.get(key));
    return this.#readValues(locations);
  }

  async putMany(entries: readonly StateEntry[]): Promise<void> {
    this.#assertUsable();
    if (entries.length === 0) return;
    const ops: FrameOp[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i += 1) {
      const { namespace, key, value } = entries[i]!;
      if (typeof value !== 'string') throw malformed(`value of ${namespace}/${key} must be a string`, { namespace, key });
      ops[i] = { kind: OpKind.put, namespace, key, value };
    }
    return this.#enqueue(ops);
  }

  async deleteMany(namespace: string, keys: readonly string[]): Promise<void> {
    this.#assertUsable();
    if (keys.length === 0) return;
    // A tombstone for every key, present or not: a put of it may still be queued ahead of this call.
    return this.#enqueue(keys.map((key) => ({ kind: OpKind.delete, namespace, key, value: null })));
  }

  async *scan(namespace: string): AsyncIterable<[key: string, value: string]> {
    this.#assertUsable();
    const names = this.#index.namespace(namespace);
    if (!names) return;
    const snapshot = [...names];
    for (let start = 0; start < snapshot.length; start += SCAN_CHUNK) {
      const chunk = snapshot.slice(start, start + SCAN_CHUNK);
      const values = await this.#readValues(chunk.map(([, location]) => location));
      for (let i = 0; i < chunk.length; i += 1) yield [chunk[i]![0], values[i]!];
    }
  }

  async count(namespace: string): Promise<number> {
    this.#assertUsable();
    return this.#index.namespace(namespace)?.size ?? 0;
  }

  /** Finishes queued writes and a running compaction, fsyncs, closes the files and the lock. */
  close(): Promise<void> {
    this.#closed ??= this.#shutdown();
    return this.#closed;
  }

  async #shutdown(): Promise<void> {
    await this.#flushing;
    await this.#compaction;
    try {
      if (!this.#failure) await this.#active.handle.sync();
    } finally {
      await Promise.all(this.#segments.map((s) => s.handle.close().catch(() => undefined)));
      await this.#lock.release();
    }
  }

  #assertUsable(): void {
    if (this.#failure) throw this.#failure;
    if (this.#closed) throw new EfiError('STATE_CLOSED', 'the file state store is closed', { details: { dir: this.#dir } });
  }

  async #readValues(locations: readonly (ValueLocation | undefined)[]): Promise<(string | undefined)[]> {
    // Pinned: a compaction finishing meanwhile may unlink a file but not close it under us.
    for (const l of locations) l?.segment.pin();
    try {
      const values = await Promise.all(locations.map((l) => l && l.segment.read(l.valueAt, l.valueBytes)));
      return values.map((v) => v?.toString('utf8'));
    } catch (err) {
      throw new EfiError('STATE_UNAVAILABLE', `reading the state store failed: ${(err as Error).message}`, { cause: err, retriable: true, details: { dir: this.#dir } });
    } finally {
      for (const l of locations) l?.segment.unpin();
    }
  }

  #enqueue(ops: FrameOp[]): Promise<void> {
    let bytes = 0;
    const sizes: OpSizes[] = new Array(ops.length);
    for (let i = 0; i < ops.length; i += 1) {
      const op = ops[i]!;
      if (typeof op.namespace !== 'string' || op.namespace.length === 0 || typeof op.key !== 'string' || op.key.length === 0) {
        throw malformed('namespace and key must be non-empty strings', { namespace: op.namespace, key: op.key });
      }
      const s = (sizes[i] = measureOp(op));
      if (s.namespaceBytes > MAX_NAME_BYTES || s.keyBytes > MAX_NAME_BYTES) throw malformed(`namespace and key must be at most ${MAX_NAME_BYTES} UTF-8 bytes`, { namespace: op.namespace.slice(0, 100) });
      bytes += s.namespaceBytes + s.keyBytes + s.valueBytes;
    }
    if (bytes > this.#settings.maxCallBytes) throw malformed(`one call may write at most ${this.#settings.maxCallBytes} bytes (got ${bytes}); split it`, { bytes });
    if (this.#queue.length >= this.#settings.maxQueuedCalls) {
      throw new EfiError('QUEUE_FULL', `file state store: ${this.#queue.length} calls already wait for the writer`, { retriable: true, details: { maxQueuedCalls: this.#settings.maxQueuedCalls } });
    }
    const frame = encodeFrame(ops, sizes);
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ ops, frame, resolve, reject });
      this.#flushing ??= this.#flushLoop();
    });
  }

  async #flushLoop(): Promise<void> {
    while (this.#queue.length > 0) {
      let take = 0;
      let bytes = 0;
      while (take < this.#queue.length && (take === 0 || bytes + this.#queue[take]!.frame.bytes.length <= MAX_WRITE_BYTES)) {
        bytes += this.#queue[take]!.frame.bytes.length;
        take += 1;
      }
      const jobs = this.#queue.splice(0, take);
      const segment = this.#active;
      let pos = segment.size;
      try {
        await segment.append(jobs.map((j) => j.frame.bytes));
        if (this.#settings.fsync === 'always') await segment.handle.datasync();
      } catch (err) {
        this.#fail(err, jobs);
        break;
      }
      // Visible only once durable, in file order, so readers never see what recovery could drop.
      for (const job of jobs) {
        for (let i = 0; i < job.ops.length; i += 1) {
          const op = job.ops[i]!;
          if (op.kind === OpKind.delete) {
            this.#index.delete(op.namespace, op.key);
            continue;
          }
          const p = job.frame.placements[i]!;
          this.#index.put(op.namespace, op.key, { segment, valueAt: pos + p.valueAt, valueBytes: p.valueBytes, opBytes: p.opBytes });
        }
        pos += job.frame.bytes.length;
        job.resolve();
      }
      await this.#maybeCompact();
    }
    this.#flushing = null;
  }

  #fail(err: unknown, jobs: WriteJob[]): void {
    this.#failure = new EfiError('STATE_UNAVAILABLE', `writing ${this.#active.path} failed: ${(err as Error).message}; reopen the store`, {
      cause: err,
      retriable: true,
      details: { file: this.#active.path },
    });
    this.#settings.logger.error({ err, file: this.#active.path }, 'state store write failed; refusing further calls');
    for (const job of [...jobs, ...this.#queue.splice(0)]) job.reject(this.#failure);
  }

  /** Runs between writes (the writer is idle): rolls to a new file and compacts the old ones in the background. */
  async #maybeCompact(): Promise<void> {
    if (this.#compaction || this.#closed || Date.now() < this.#compactNotBefore) return;
    const total = this.#segments.reduce((n, s) => n + s.size, 0);
    const garbage = total - this.#index.liveBytes;
    if (total < this.#settings.compactMinBytes || garbage <= total * this.#settings.compactGarbageRatio) return;
    const replaced = new Set(this.#segments);
    const baseId = this.#active.id;
    try {
      if (this.#settings.fsync !== 'always') await this.#active.handle.sync();
      this.#active = await createSegment(this.#dir, this.#nextId);
    } catch (err) {
      this.#fail(err, []);
      return;
    }
    this.#nextId += 1;
    this.#segments.push(this.#active);
    this.#compaction = this.#compact(baseId, replaced, total).finally(() => (this.#compaction = null));
  }

  async #compact(baseId: number, replaced: Set<StateSegment>, before: number): Promise<void> {
    const started = Date.now();
    try {
      const { base, moved } = await compactState(this.#dir, baseId, this.#index, replaced);
      // Only values not overwritten or deleted while the copy ran move to the base file.
      for (const m of moved) this.#index.replace(m.namespace, m.key, m.from, m.to);
      this.#segments = [base, ...this.#segments.filter((s) => !replaced.has(s))];
      for (const s of replaced) {
        await unlink(s.path).catch(() => undefined);
        s.retire();
      }
      this.#settings.logger.info({ dir: this.#dir, beforeBytes: before, baseBytes: base.size, values: moved.length, ms: Date.now() - started }, 'compacted the state store');
    } catch (err) {
      this.#compactNotBefore = Date.now() + COMPACTION_RETRY_MS;
      this.#settings.logger.error({ err, dir: this.#dir }, 'state store compaction failed; the old files stay in use');
    }
  }
}

async function createSegment(dir: string, id: number): Promise<StateSegment> {
  const path = StateSegment.pathOf(dir, SegmentKind.seg, id);
  const handle = await open(path, 'wx+');
  await fsyncDir(dir);
  return new StateSegment(SegmentKind.seg, id, path, handle, 0);
}

function malformed(message: string, details: Record<string, unknown>): EfiError {
  return new EfiError('INPUT_MALFORMED', `file state store: ${message}`, { details });
}
