import { open, rename, unlink } from 'node:fs/promises';
import { fsyncDir } from '../../embedded-log/internal/durableFiles.ts';
import type { StateIndex, ValueLocation } from './StateIndex.ts';
import { SegmentKind, StateSegment } from './StateSegment.ts';
import { encodeFrame, type FrameOp, measureOp, OpKind, type OpSizes } from './stateFrame.ts';

/** A live value copied by compaction: from its old place to the new base file. */
export interface MovedValue {
  namespace: string;
  key: string;
  from: ValueLocation;
  to: ValueLocation;
}

// Frames of a few MiB keep the copy streaming without holding the whole store in memory.
const CHUNK_VALUE_BYTES = 4 * 1024 * 1024;
const CHUNK_OPS = 4096;

/**
 * Copies every live value held in `replaced` files into `base-<baseId>.log` (written as `.tmp`,
 * fsynced, renamed, directory fsynced). Once the rename is durable, recovery ignores every file
 * with an id up to `baseId`, so the caller may unlink them. Values written meanwhile live in
 * newer files and are not touched; the caller swaps only locations that did not change.
 */
export async function compactState(dir: string, baseId: number, index: StateIndex, replaced: ReadonlySet<StateSegment>): Promise<{ base: StateSegment; moved: MovedValue[] }> {
  const moved: MovedValue[] = [];
  for (const [namespace, keys] of index.namespaces()) {
    for (const [key, from] of keys) if (replaced.has(from.segment)) moved.push({ namespace, key, from, to: from });
  }
  const path = StateSegment.pathOf(dir, SegmentKind.base, baseId);
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w+');
  const base = new StateSegment(SegmentKind.base, baseId, path, handle, 0);
  try {
    for (let start = 0; start < moved.length; ) {
      let end = start;
      let bytes = 0;
      while (end < moved.length && end - start < CHUNK_OPS && (bytes === 0 || bytes + moved[end]!.from.valueBytes <= CHUNK_VALUE_BYTES)) {
        bytes += moved[end]!.from.valueBytes;
        end += 1;
      }
      const chunk = moved.slice(start, end);
      const values = await Promise.all(chunk.map(({ from }) => from.segment.read(from.valueAt, from.valueBytes)));
      const ops: FrameOp[] = chunk.map((m, i) => ({ kind: OpKind.put, namespace: m.namespace, key: m.key, value: values[i]! }));
      const sizes: OpSizes[] = ops.map(measureOp);
      const frame = encodeFrame(ops, sizes);
      const framePos = base.size;
      await base.append([frame.bytes]);
      chunk.forEach((m, i) => {
        const p = frame.placements[i]!;
        m.to = { segment: base, valueAt: framePos + p.valueAt, valueBytes: p.valueBytes, opBytes: p.opBytes };
      });
      start = end;
    }
    await handle.sync();
    await rename(tmp, path);
    await fsyncDir(dir);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return { base, moved };
}
