import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const SUFFIX = '.log';

/**
 * One segment file of a partition (named by its base offset) with its sparse in-memory index.
 *
 * The index holds one entry per `indexIntervalBytes` of data, at batch starts: (first offset of
 * the batch, its position, max timestamp of every record before it). Offset lookups and time
 * lookups then read from the nearest entry instead of the segment start; both columns grow
 * monotonically, so lookups are binary searches. It is rebuilt by the scan on open (see
 * `scanSegment`).
 */
export class Segment {
  /** Bytes of complete, acknowledged frames; readers never look past it. */
  size = 0;
  firstOffset = -1;
  lastOffset = -1;
  maxTimestamp = -Infinity;
  #offsets = new Float64Array(64);
  #positions = new Float64Array(64);
  #maxTsBefore = new Float64Array(64);
  #entries = 0;
  #lastIndexedAt = -Infinity;
  #readers = 0;
  #retired = false;

  private constructor(
    readonly path: string,
    readonly baseOffset: number,
    readonly handle: FileHandle,
    readonly indexIntervalBytes: number,
  ) {}

  static fileName(baseOffset: number): string {
    // Zero-padded like Kafka so a directory listing sorts segments by offset.
    return `${String(baseOffset).padStart(20, '0')}${SUFFIX}`;
  }

  /** Base offset from a segment file name, or null for any other file. */
  static parseFileName(name: string): number | null {
    const m = /^(\d{20})\.log$/.exec(name);
    return m ? Number(m[1]) : null;
  }

  /** Opens (`create`: creates, failing if present) the segment file of `baseOffset` in `dir`. */
  static async open(dir: string, baseOffset: number, indexIntervalBytes: number, create = false): Promise<Segment> {
    const path = join(dir, Segment.fileName(baseOffset));
    const handle = await open(path, create ? 'wx+' : 'r+');
    return new Segment(path, baseOffset, handle, indexIntervalBytes);
  }

  get isEmpty(): boolean {
    return this.firstOffset < 0;
  }

  /** Records one batch (in file order) in the index and the segment's bounds. */
  observe(firstOffset: number, lastOffset: number, maxTimestamp: number, position: number): void {
    if (this.firstOffset < 0) this.firstOffset = firstOffset;
    if (position - this.#lastIndexedAt >= this.indexIntervalBytes) {
      if (this.#entries === this.#offsets.length) this.#grow();
      this.#offsets[this.#entries] = firstOffset;
      this.#positions[this.#entries] = position;
      this.#maxTsBefore[this.#entries] = this.maxTimestamp;
      this.#entries += 1;
      this.#lastIndexedAt = position;
    }
    this.lastOffset = lastOffset;
    if (maxTimestamp > this.maxTimestamp) this.maxTimestamp = maxTimestamp;
  }

  /** A batch position at or before the batch holding the first offset ≥ `offset`. */
  positionFor(offset: number): number {
    return this.#search(this.#offsets, (v) => v <= offset);
  }

  /** A position before which every record's timestamp is < `timestamp`. */
  positionForTime(timestamp: number): number {
    return this.#search(this.#maxTsBefore, (v) => v < timestamp);
  }

  /** Keeps the file open while a read is in progress, even if compaction retires the segment. */
  acquire(): void {
    this.#readers += 1;
  }

  async release(): Promise<void> {
    this.#readers -= 1;
    if (this.#retired && this.#readers === 0) await this.handle.close();
  }

  /** Closes the file once no read uses it (after compaction replaced it, or on close). */
  async retire(): Promise<void> {
    this.#retired = true;
    if (this.#readers === 0) await this.handle.close();
  }

  // Position of the last entry whose column value passes `ok` (values are monotonic), else 0.
  #search(column: Float64Array, ok: (v: number) => boolean): number {
    let lo = 0;
    let hi = this.#entries - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (ok(column[mid]!)) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.#positions[found]!;
  }

  #grow(): void {
    const n = this.#offsets.length * 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.#offsets = grow(this.#offsets);
    this.#positions = grow(this.#positions);
    this.#maxTsBefore = grow(this.#maxTsBefore);
  }
}
