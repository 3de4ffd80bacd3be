import { open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { EfiError } from '../../../engine/errors/index.ts';
import type { Logger } from '../../../engine/logging/index.ts';
import { StateIndex } from './StateIndex.ts';
import { parseSegmentFileName, SegmentKind, StateSegment } from './StateSegment.ts';
import { scanStateFile } from './scanStateFile.ts';
import { decodeOps, OpKind } from './stateFrame.ts';

export interface RecoveredState {
  index: StateIndex;
  /** Files in replay order; the last one, when it is a `seg`, takes further appends. */
  segments: StateSegment[];
  nextId: number;
}

/**
 * Rebuilds the index from the files of `dir`: the newest `base` file (a finished compaction)
 * replaces every file with a lower or equal id, which are deleted; the `seg` files after it are
 * replayed in order, later ops winning. A torn or corrupt tail of the newest file is what a crash
 * left of calls that were never acknowledged: it is truncated. A bad frame in an older file is
 * `STATE_CORRUPT`.
 */
export async function recoverState(dir: string, logger: Logger): Promise<RecoveredState> {
  const names = await readdir(dir);
  const files: Array<{ kind: SegmentKind; id: number; name: string }> = [];
  for (const name of names) {
    // A compaction that did not finish its rename: the files it would replace are all still there.
    if (name.endsWith('.tmp')) await unlink(join(dir, name));
    const parsed = parseSegmentFileName(name);
    if (parsed) files.push({ ...parsed, name });
  }
  const baseId = Math.max(-1, ...files.filter((f) => f.kind === SegmentKind.base).map((f) => f.id));
  const replay = [];
  for (const f of files) {
    const replaced = f.kind === SegmentKind.base ? f.id < baseId : f.id <= baseId;
    if (replaced) await unlink(join(dir, f.name));
    else replay.push(f);
  }
  // The base sorts before the segs written after it (their ids are higher).
  replay.sort((a, b) => a.id - b.id || (a.kind === SegmentKind.base ? -1 : 1));

  const index = new StateIndex();
  const segments: StateSegment[] = [];
  try {
    for (let i = 0; i < replay.length; i += 1) {
      const f = replay[i]!;
      const path = join(dir, f.name);
      const handle = await open(path, 'r+');
      const segment = new StateSegment(f.kind, f.id, path, handle, (await handle.stat()).size);
      segments.push(segment);
      const result = await scanStateFile(handle, segment.size, (buf, pos, filePos) => {
        const ops = decodeOps(buf, pos);
        if (!ops) return false;
        const shift = filePos - pos;
        for (const op of ops) {
          if (op.kind === OpKind.delete) index.delete(op.namespace, op.key);
          else index.put(op.namespace, op.key, { segment, valueAt: shift + op.valueAt, valueBytes: op.valueBytes, opBytes: op.opBytes });
        }
        return true;
      });
      if (!result.stoppedAt) continue;
      if (i < replay.length - 1) {
        throw new EfiError('STATE_CORRUPT', `state file ${path} has a ${result.stoppedAt.reason} frame at byte ${result.stoppedAt.position}, before newer files`, {
          details: { file: path, position: result.stoppedAt.position },
        });
      }
      logger.warn({ file: path, position: result.end, droppedBytes: segment.size - result.end, reason: result.stoppedAt.reason }, 'truncating the unacknowledged tail of a state file');
      await handle.truncate(result.end);
      await handle.sync();
      segment.size = result.end;
    }
  } catch (err) {
    await Promise.all(segments.map((s) => s.handle.close().catch(() => undefined)));
    throw err;
  }
  return { index, segments, nextId: Math.max(0, ...files.map((f) => f.id + 1)) };
}
