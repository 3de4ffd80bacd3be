import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { avroSchemas } from '../catalogue/avroSchemas.ts';
import { schemaPaths } from '../internal/schemaPaths.ts';
import { checkBackwardCompatibility } from './checkBackwardCompatibility.ts';
import { previousCommittedSchema } from './previousCommittedSchema.ts';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const gitAvailable = hasGit();
const previous = gitAvailable
  ? Object.keys(avroSchemas)
      .map((name) => ({ name, committed: previousCommittedSchema(join(schemaPaths.avroDir, `${name}.avsc`)) }))
      .filter((entry) => entry.committed !== undefined)
  : [];

describe.skipIf(!gitAvailable)('previousCommittedSchema', () => {
  describe('when a file has history in a repository', () => {
    it('returns HEAD when the working copy changed, and the commit before when it did not', () => {
      const repo = tempDir('efi-git-');
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });
      git('init', '-q');
      mkdirSync(join(repo, 'avro'));
      const file = join(repo, 'avro', 'X.avsc');
      const v1 = { type: 'record', name: 'X', fields: [] };
      const v2 = { ...v1, fields: [{ name: 'a', type: 'int', default: 0 }] };
      writeFileSync(file, JSON.stringify(v1));
      git('add', '.');
      git('commit', '-q', '-m', 'v1');
      expect(previousCommittedSchema(file)).toBeUndefined();
      writeFileSync(file, JSON.stringify(v2));
      expect(previousCommittedSchema(file)?.schema).toEqual(v1);
      git('commit', '-q', '-am', 'v2');
      expect(previousCommittedSchema(file)?.schema).toEqual(v1);
    });

    it('returns undefined outside a repository', () => {
      const dir = tempDir('efi-nogit-');
      writeFileSync(join(dir, 'X.avsc'), '{}');
      expect(previousCommittedSchema(join(dir, 'X.avsc'))).toBeUndefined();
    });
  });

  describe('when checking the working schemas against their previous committed versions', () => {
    it.skipIf(previous.length === 0)('finds at least one schema with an earlier committed version', () => {
      expect(previous.length).toBeGreaterThan(0);
    });

    it.each(previous)('$name reads records written with its previous committed version', ({ name, committed }) => {
      const verdict = checkBackwardCompatibility({ reader: avroSchemas[name as keyof typeof avroSchemas], writer: committed!.schema });
      expect(verdict, `${name} vs ${committed!.commit}`).toEqual({ compatible: true });
    });
  });
});
