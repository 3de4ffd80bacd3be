import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { AvroRecordSchema } from '../catalogue/AvroSchema.ts';

/** Where the previous committed version came from. */
export interface CommittedSchema {
  commit: string;
  schema: AvroRecordSchema;
}

/**
 * The version of a schema file that the working copy evolves from, read from git: the HEAD
 * version when the working copy differs from it, otherwise the version before the last commit
 * that touched the file. `undefined` when git is missing, the file is not in a repository, or
 * it has no earlier committed version.
 *
 * @example
 * const previous = previousCommittedSchema('/work/main/schemas/avro/TicketCreated.avsc');
 */
export function previousCommittedSchema(file: string): CommittedSchema | undefined {
  const cwd = dirname(file);
  const root = git(cwd, ['rev-parse', '--show-toplevel'])?.trim();
  if (!root) return undefined;
  const path = relative(root, file).split('\\').join('/');
  const commits = git(root, ['log', '--format=%H', '--', path])?.split('\n').filter(Boolean) ?? [];
  const current = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  for (const commit of commits) {
    const text = git(root, ['show', `${commit}:${path}`]);
    // A commit that deleted the file has no content to compare against; look further back.
    if (text === undefined) continue;
    const schema = JSON.parse(text) as AvroRecordSchema;
    if (!isDeepStrictEqual(schema, current)) return { commit, schema };
  }
  return undefined;
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}
