import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** `seg` files take appends; a `base` file is a compaction result replacing every file up to its id. */
export const SegmentKind = { seg: 'seg', base: 'base' } as const;
export type SegmentKind = (typeof SegmentKind)[keyof typeof SegmentKind];

const NAME = /^(seg|base)-(\d{12})\.log$/;

export function segmentFileName(kind: SegmentKind, id: number): string {
  return `${kind}-${String(id).padStart(12, '0')}.log`;
}

export function parseSegmentFileName(name: string): { kind: SegmentKind; id: number } | null {
  const m = NAME.exec(name);
  return m ? { kind: m[1] as SegmentKind, id: Number(m[2]) } : null;
}

/**
 * One open file of the state store. Readers pin it for the length of their reads, so compaction
 * can unlink a replaced file at once and close it when the last reader is done.
 */
export class StateSegment {
  #pins = 0;
  #retired = false;

  constructor(
    readonly kind: SegmentKind,
    readonly id: number,
    readonly path: string,
    readonly handle: FileHandle,
    public size: number,
  ) {}

  static pathOf(dir: string, kind: SegmentKind, id: number): string {
    return join(dir, segmentFileName(kind, id));
  }

  pin(): void {
    this.#pins += 1;
  }

  unpin(): void {
    this.#pins -= 1;
    if (this.#retired && this.#pins === 0) void this.handle.close().catch(() => undefined);
  }

  /** The file was replaced: close it once no reader holds it. */
  retire(): void {
    this.#retired = true;
    if (this.#pins === 0) void this.handle.close().catch(() => undefined);
  }

  /** Reads `length` bytes at `position` (a value written by a completed, durable call). */
  async read(position: number, length: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buf, done, length - done, position + done);
      if (bytesRead === 0) throw new Error(`short read in ${this.path} at ${position + done} (wanted ${length} bytes)`);
      done += bytesRead;
    }
    return buf;
  }

  /** Appends buffers at the end of the file (one writev, continued if the OS wrote less). */
  async append(buffers: Buffer[]): Promise<void> {
    let total = 0;
    for (const b of buffers) total += b.length;
    let { bytesWritten } = await this.handle.writev(buffers, this.size);
    if (bytesWritten < total) {
      const rest = Buffer.concat(buffers).subarray(bytesWritten);
      let p = 0;
      while (p < rest.length) {
        const r = await this.handle.write(rest, p, rest.length - p, this.size + bytesWritten + p);
        p += r.bytesWritten;
      }
      bytesWritten = total;
    }
    this.size += total;
  }
}
