import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { EfiError } from '../../../engine/errors/index.ts';
import type { LogRecord } from '../../../engine/ports/EventLog.ts';
import { fsyncDir } from './durableFiles.ts';
import type { LogSettings, Waker } from './LogSettings.ts';
import { batchFirstOffset, batchLastOffset, batchLength, batchMaxTimestamp } from './batchFormat.ts';
import { firstOffsetAtOrAfter, readSegment, type SegmentReadOptions } from './readSegment.ts';
import { scanSegment } from './scanSegment.ts';
import { Segment } from './Segment.ts';

/** Encode buffers start at this size, so calls of similar size keep reusing one. */
const MIN_ENCODE_BUFFER_BYTES = 256 * 1024;
/** Larger buffers (rare huge calls) are not kept: one partition should not pin many MiB. */
const MAX_SPARE_BYTES = 4 * 1024 * 1024;

interface PendingAppend {
  buffer: Buffer;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Result of a read: the records and the offset the next read of this reader should start at. */
export interface ReadResult {
  records: LogRecord[];
  next: number;
}

/**
 * One partition: its segments, the append queue (group commit), reads, time lookups, and the
 * wake-ups of consumers waiting for new records.
 */
export class PartitionLog {
  /** Next offset to be written, counting only acknowledged records (what readers may see). */
  high = 0;
  /** Set by `EmbeddedLog` to compact a changelog partition after a segment is sealed. */
  onRoll: (() => void) | null = null;
  #segments: Segment[];
  #reserved = 0;
  #queue: PendingAppend[] = [];
  #draining: Promise<void> | null = null;
  #dirty = false;
  /** An encode buffer whose write finished, reused by the next call (see `encodeBuffer`). */
  #spare: Buffer | null = null;
  readonly #waiters = new Set<Waker>();
  readonly #read: SegmentReadOptions;

  private constructor(
    readonly dir: string,
    readonly topic: string,
    readonly partition: number,
    readonly settings: LogSettings,
    segments: Segment[],
  ) {
    this.#segments = segments;
    const active = segments.at(-1)!;
    this.high = active.isEmpty ? active.baseOffset : active.lastOffset + 1;
    this.#reserved = this.high;
    this.#read = { topic, partition, chunkBytes: settings.chunkBytes, maxFrameBytes: settings.maxFrameBytes };
  }

  /**
   * Opens a partition directory: every sealed segment must scan clean (else `LOG_CORRUPT` with the
   * file and position); the last segment's torn or corrupt tail — bytes of a write that was never
   * acknowledged — is cut off and logged.
   */
  static async open(dir: string, topic: string, partition: number, settings: LogSettings): Promise<PartitionLog> {
    await mkdir(dir, { recursive: true });
    const bases: number[] = [];
    for (const name of await readdir(dir)) {
      const base = Segment.parseFileName(name);
      if (base !== null) bases.push(base);
      // Leftovers of a compaction that crashed before its rename: the original is still intact.
      else if (name.endsWith('.cleaned')) await unlink(join(dir, name));
    }
    bases.sort((a, b) => a - b);
    if (bases.length === 0) {
      const first = await Segment.open(dir, 0, settings.indexIntervalBytes, true);
      await fsyncDir(dir);
      return new PartitionLog(dir, topic, partition, settings, [first]);
    }
    const segments: Segment[] = [];
    let previous = -1;
    try {
      for (const [i, base] of bases.entries()) {
        const segment = await Segment.open(dir, base, settings.indexIntervalBytes);
        segments.push(segment);
        const scan = await scanSegment(segment, { chunkBytes: settings.chunkBytes, maxFrameBytes: settings.maxFrameBytes, previousOffset: previous });
        if (scan.problem !== null && i < bases.length - 1) {
          throw new EfiError('LOG_CORRUPT', `${scan.problem.reason} in sealed segment ${segment.path} at byte ${scan.problem.position}`, {
            details: { file: segment.path, position: scan.problem.position, reason: scan.problem.reason, topic, partition },
          });
        }
        if (scan.problem !== null) {
          settings.logger.warn(
            { file: segment.path, position: scan.problem.position, reason: scan.problem.reason, droppedBytes: scan.fileBytes - scan.validBytes, topic, partition },
            'truncating the unacknowledged tail of the active segment',
          );
          await segment.handle.truncate(scan.validBytes);
          await segment.handle.sync();
        }
        if (!segment.isEmpty) previous = segment.lastOffset;
      }
    } catch (err) {
      for (const s of segments) await s.retire();
      throw err;
    }
    return new PartitionLog(dir, topic, partition, settings, segments);
  }

  /** First offset still held; `high` when the partition holds nothing. */
  get low(): number {
    for (const s of this.#segments) if (!s.isEmpty) return s.firstOffset;
    return this.high;
  }

  /** Segments sealed so far (all but the active one), for compaction. */
  get sealed(): readonly Segment[] {
    return this.#segments.slice(0, -1);
  }

  get segments(): readonly Segment[] {
    return this.#segments;
  }

  /** Takes `count` offsets for a batch about to be encoded; call `append` right after, without awaiting. */
  reserve(count: number): number {
    const first = this.#reserved;
    this.#reserved += count;
    return first;
  }

  /**
   * A buffer of `bytes` to encode a batch into. Why reuse: a fresh buffer of this size is an
   * mmap and a run of page faults per produce call, which showed up as a large share of the hot
   * path; one spare per partition removes that for the common call-after-call pattern.
   */
  encodeBuffer(bytes: number): Buffer {
    const spare = this.#spare;
    if (spare !== null && spare.length >= bytes) {
      this.#spare = null;
      return spare.subarray(0, bytes);
    }
    return Buffer.allocUnsafe(Math.max(bytes, MIN_ENCODE_BUFFER_BYTES)).subarray(0, bytes);
  }

  /** Gives back the last reservation when encoding failed before `append` (same tick, nothing between). */
  unreserve(first: number): void {
    this.#reserved = first;
  }

  /**
   * Queues an encoded batch (its offsets from `reserve`) and resolves once it is written and, under
   * `always`, fsynced. Batches queued while a write is in flight go out together in the next
   * write and share its fsync.
   */
  append(buffer: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ buffer, resolve, reject });
      this.#draining ??= this.#drain().finally(() => {
        this.#draining = null;
      });
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const group = this.#queue;
      this.#queue = [];
      let segment = this.#segments.at(-1)!;
      const start = segment.size;
      try {
        if (segment.size >= this.settings.segmentBytes) segment = await this.#roll(segment);
        await this.#write(segment, group);
      } catch (err) {
        // Offsets of everything queued were reserved after the failed batch: fail them all, cut
        // the file back to the last acknowledged byte and hand out those offsets again.
        const failed = group.concat(this.#queue);
        this.#queue = [];
        this.#reserved = this.high;
        await segment.handle.truncate(segment.size).catch(() => undefined);
        const error = new EfiError('LOG_UNAVAILABLE', `append to ${this.topic}/${this.partition} failed`, { cause: err, retriable: true, details: { file: segment.path, position: start } });
        for (const p of failed) p.reject(error);
        continue;
      }
      for (const p of group) p.resolve();
      this.#keepSpare(group);
      this.#wakeAll();
    }
  }

  async #write(segment: Segment, group: PendingAppend[]): Promise<void> {
    const buffers = group.map((p) => p.buffer);
    let position = segment.size;
    let total = 0;
    for (const b of buffers) total += b.length;
    let written = 0;
    while (written < total) {
      // One buffer (the common case: no concurrent calls) goes through plain write, which costs
      // the event loop less than writev; a short write continues where it stopped.
      const { bytesWritten } =
        buffers.length === 1 || written > 0
          ? await segment.handle.write(written === 0 ? buffers[0]! : Buffer.concat(buffers).subarray(written), 0, total - written, position + written)
          : await segment.handle.writev(buffers, position);
      written += bytesWritten;
    }
    // fdatasync: the data and the file size (needed to read it back), not timestamps.
    if (this.settings.fsync === 'always') await segment.handle.datasync();
    else this.#dirty = true;
    for (const b of buffers) {
      for (let p = 0; p < b.length; p += batchLength(b, p)) {
        segment.observe(batchFirstOffset(b, p), batchLastOffset(b, p), batchMaxTimestamp(b, p), position + p);
      }
      position += b.length;
    }
    segment.size = position;
    this.high = segment.lastOffset + 1;
  }

  #keepSpare(group: PendingAppend[]): void {
    const last = group.at(-1)!.buffer;
    const whole = last.buffer;
    // Only buffers that came from encodeBuffer (own ArrayBuffer) and are not huge are worth keeping.
    if (last.byteOffset !== 0 || whole.byteLength < MIN_ENCODE_BUFFER_BYTES || whole.byteLength > MAX_SPARE_BYTES) return;
    if (this.#spare === null || this.#spare.length < whole.byteLength) this.#spare = Buffer.from(whole);
  }

  async #roll(sealed: Segment): Promise<Segment> {
    if (this.settings.fsync !== 'never') await sealed.handle.sync();
    const next = await Segment.open(this.dir, this.high, this.settings.indexIntervalBytes, true);
    if (this.settings.fsync !== 'never') await fsyncDir(this.dir);
    this.#segments = [...this.#segments, next];
    this.onRoll?.();
    return next;
  }

  /** Forces written bytes to disk (the `interval` policy's timer and `close`). */
  async sync(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    await this.#segments.at(-1)!.handle.sync();
  }

  /** Reads up to `maxRecords` records with offset ≥ `from` (skipping compacted gaps). */
  async read(from: number, maxRecords: number): Promise<ReadResult> {
    const high = this.high;
    const segments = this.#segments;
    const records: LogRecord[] = [];
    if (from < high) {
      for (let i = this.#segmentIndex(segments, from); i < segments.length && records.length < maxRecords; i += 1) {
        const segment = segments[i]!;
        if (segment.isEmpty || segment.lastOffset < from) continue;
        await readSegment(segment, from, records, maxRecords, this.#read);
      }
    }
    const last = records.at(-1);
    return { records, next: last ? last.offset + 1 : Math.max(from, high) };
  }

  /** First offset with a timestamp ≥ `timestamp`, or `high`. */
  async offsetForTime(timestamp: number): Promise<number> {
    const high = this.high;
    for (const segment of this.#segments) {
      if (segment.isEmpty || segment.maxTimestamp < timestamp) continue;
      const found = await firstOffsetAtOrAfter(segment, timestamp, this.#read);
      if (found >= 0 && found < high) return found;
    }
    return high;
  }

  /**
   * Registers `waiter` to be woken once by the next acknowledged append and returns true; returns
   * false (registering nothing) when records from `from` are already there to read.
   */
  waitFor(from: number, waiter: Waker): boolean {
    if (from < this.high) return false;
    this.#waiters.add(waiter);
    return true;
  }

  forget(waiter: Waker): void {
    this.#waiters.delete(waiter);
  }

  /** Swaps a sealed segment for its compacted copy (or drops it when nothing is left). */
  async replaceSealed(old: Segment, replacement: Segment | null): Promise<void> {
    // A new array, never an in-place edit: reads in flight iterate the array they started with.
    const segments = [...this.#segments];
    const i = segments.indexOf(old);
    if (i < 0 || i === segments.length - 1) throw new Error('only a sealed segment can be replaced');
    if (replacement === null) segments.splice(i, 1);
    else segments[i] = replacement;
    this.#segments = segments;
    await old.retire();
  }

  /** Waits for queued appends, fsyncs and closes the files. */
  async close(): Promise<void> {
    while (this.#draining) await this.#draining;
    this.#dirty = true;
    await this.sync();
    for (const s of this.#segments) await s.retire();
    for (const w of this.#waiters) this.#waiters.delete(w);
  }

  #segmentIndex(segments: readonly Segment[], offset: number): number {
    let lo = 0;
    let hi = segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (segments[mid]!.baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  #wakeAll(): void {
    if (this.#waiters.size === 0) return;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w.wake();
  }
}
