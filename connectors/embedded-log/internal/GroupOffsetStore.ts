import { createHash } from 'node:crypto';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { TopicPartitionOffset } from '../../../engine/ports/EventLog.ts';
import { fsyncDir } from './durableFiles.ts';
import type { LogSettings } from './LogSettings.ts';

/** Rewrite a group's append-only file as one snapshot frame once it grows past this. */
const SNAPSHOT_AFTER_BYTES = 1024 * 1024;

interface GroupFile {
  path: string;
  handle: FileHandle;
  size: number;
  offsets: Map<string, number>;
  /** Serializes commits of one group: appends must not interleave. */
  tail: Promise<void>;
  dirty: boolean;
}

/** `topic \0 partition` — a map key for one partition. */
export const partitionKey = (topic: string, partition: number): string => `${topic}\0${partition}`;

/**
 * Committed offsets of consumer groups, one append-only file per group under `<dataDir>/groups/`:
 * each commit appends one frame (u32 length, u32 CRC-32, JSON `[[topic, partition, offset], …]`)
 * and, under the `always` policy, fsyncs before resolving. On load, the last good frame wins and a
 * torn tail is cut off. Append-only rather than rewrite-and-rename because a commit per batch is
 * a hot path: one write and one fsync instead of write, fsync, rename and a directory fsync.
 */
export class GroupOffsetStore {
  readonly #groups = new Map<string, Promise<GroupFile>>();

  constructor(
    readonly dir: string,
    readonly settings: LogSettings,
  ) {}

  /** Committed offsets of a group by {@link partitionKey}; a live view, do not mutate. */
  async committed(groupId: string): Promise<ReadonlyMap<string, number>> {
    return (await this.#group(groupId)).offsets;
  }

  async commit(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const group = await this.#group(groupId);
    const run = group.tail.then(() => this.#append(group, offsets));
    group.tail = run.catch(() => undefined);
    await run;
  }

  async #append(group: GroupFile, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const frame = encodeFrame(offsets.map((o) => [o.topic, o.partition, o.offset]));
    const { bytesWritten } = await group.handle.write(frame, 0, frame.length, group.size);
    if (bytesWritten !== frame.length) throw new Error(`short write to ${group.path}`);
    if (this.settings.fsync === 'always') await group.handle.datasync();
    else group.dirty = true;
    group.size += frame.length;
    for (const o of offsets) group.offsets.set(partitionKey(o.topic, o.partition), o.offset);
    if (group.size > SNAPSHOT_AFTER_BYTES) await this.#snapshot(group);
  }

  async #snapshot(group: GroupFile): Promise<void> {
    const rows = [...group.offsets].map(([key, offset]) => {
      const cut = key.lastIndexOf('\0');
      return [key.slice(0, cut), Number(key.slice(cut + 1)), offset];
    });
    const frame = encodeFrame(rows);
    const tmp = `${group.path}.tmp`;
    const handle = await open(tmp, 'w+');
    await handle.write(frame, 0, frame.length, 0);
    await handle.sync();
    await rename(tmp, group.path);
    await fsyncDir(this.dir);
    await group.handle.close();
    group.handle = handle;
    group.size = frame.length;
  }

  #group(groupId: string): Promise<GroupFile> {
    let group = this.#groups.get(groupId);
    if (!group) {
      group = this.#load(groupId);
      this.#groups.set(groupId, group);
      group.catch(() => this.#groups.delete(groupId));
    }
    return group;
  }

  async #load(groupId: string): Promise<GroupFile> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, groupFileName(groupId));
    const handle = await open(path, 'a+').then(async (h) => {
      // 'a+' creates; reopen as r+ so positional writes land where we say (O_APPEND ignores them).
      await h.close();
      return open(path, 'r+');
    });
    const bytes = await handle.readFile();
    // A new file's name must survive a crash too, or its first commits vanish with it.
    if (bytes.length === 0 && this.settings.fsync === 'always') await fsyncDir(this.dir);
    const offsets = new Map<string, number>();
    let pos = 0;
    while (pos + 8 <= bytes.length) {
      const length = bytes.readUInt32BE(pos);
      const end = pos + 8 + length;
      if (end > bytes.length || crc32(bytes.subarray(pos + 8, end)) !== bytes.readUInt32BE(pos + 4)) break;
      for (const [topic, partition, offset] of JSON.parse(bytes.toString('utf8', pos + 8, end)) as Array<[string, number, number]>) {
        offsets.set(partitionKey(topic, partition), offset);
      }
      pos = end;
    }
    if (pos < bytes.length) {
      this.settings.logger.warn({ file: path, position: pos, droppedBytes: bytes.length - pos, groupId }, 'truncating a torn commit at the end of a group offsets file');
      await handle.truncate(pos);
      await handle.sync();
    }
    return { path, handle, size: pos, offsets, tail: Promise.resolve(), dirty: false };
  }

  /** fsyncs groups written since the last sync (the `interval` policy's timer and `close`). */
  async sync(): Promise<void> {
    for (const pending of this.#groups.values()) {
      const group = await pending.catch(() => null);
      if (group?.dirty) {
        group.dirty = false;
        await group.handle.sync();
      }
    }
  }

  async close(): Promise<void> {
    for (const pending of this.#groups.values()) {
      const group = await pending.catch(() => null);
      if (!group) continue;
      await group.tail;
      if (group.dirty) await group.handle.sync();
      await group.handle.close();
    }
    this.#groups.clear();
  }
}

function encodeFrame(rows: unknown[]): Buffer {
  const body = Buffer.from(JSON.stringify(rows));
  const frame = Buffer.allocUnsafe(8 + body.length);
  frame.writeUInt32BE(body.length, 0);
  frame.writeUInt32BE(crc32(body), 4);
  body.copy(frame, 8);
  return frame;
}

/** A file name for any group id: readable when short, hashed when it would be too long. */
function groupFileName(groupId: string): string {
  const readable = `g-${encodeURIComponent(groupId).replace(/\./g, '%2E')}.offsets`;
  return readable.length <= 200 ? readable : `h-${createHash('sha256').update(groupId).digest('hex')}.offsets`;
}
