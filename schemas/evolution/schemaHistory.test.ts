import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { avroSchemas } from '../catalogue/avroSchemas.ts';
import { schemaPaths } from '../internal/schemaPaths.ts';
import { checkBackwardCompatibility } from './checkBackwardCompatibility.ts';
import { schemaHistory } from './schemaHistory.ts';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const current = Object.entries(avroSchemas);

describe('schemaHistory', () => {
  describe('when reading a history folder', () => {
    it('returns versions oldest first and ignores other files', () => {
      const historyDir = tempDir('efi-history-');
      mkdirSync(join(historyDir, 'X'));
      for (const file of ['10.avsc', '2.avsc', '1.avsc', 'notes.md', '0.avsc']) writeFileSync(join(historyDir, 'X', file), '{"type":"record","name":"X","fields":[]}');
      expect(schemaHistory({ historyDir, name: 'X' }).map((v) => v.version)).toEqual([1, 2, 10]);
      expect(schemaHistory({ historyDir, name: 'Missing' })).toEqual([]);
    });
  });

  describe('when checking the committed schemas against their released versions', () => {
    it.each(current)('%s has a released version 1', (name) => {
      expect(schemaHistory({ historyDir: schemaPaths.historyDir, name })[0]?.version).toBe(1);
    });

    it.each(current)('%s reads records of every released version', (name, schema) => {
      for (const version of schemaHistory({ historyDir: schemaPaths.historyDir, name })) {
        const verdict = checkBackwardCompatibility({ reader: schema, writer: version.schema });
        expect(verdict, `${name} vs ${version.file}`).toEqual({ compatible: true });
      }
    });

    it.each(current)('%s equals its latest released version or is compatible with it', (name, schema) => {
      const latest = schemaHistory({ historyDir: schemaPaths.historyDir, name }).at(-1);
      expect(latest).toBeDefined();
      const same = isDeepStrictEqual(latest!.schema, schema);
      expect(same || checkBackwardCompatibility({ reader: schema, writer: latest!.schema }).compatible).toBe(true);
    });
  });
});
