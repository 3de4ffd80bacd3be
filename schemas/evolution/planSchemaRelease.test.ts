import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AvroRecordSchema } from '../catalogue/AvroSchema.ts';
import { planSchemaRelease } from './planSchemaRelease.ts';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const v1: AvroRecordSchema = { type: 'record', name: 'X', namespace: 'efi.v1', fields: [{ name: 'a', type: 'string' }] };

function historyWith(versions: AvroRecordSchema[]): string {
  const historyDir = tempDir('efi-release-');
  mkdirSync(join(historyDir, 'X'));
  versions.forEach((schema, i) => writeFileSync(join(historyDir, 'X', `${i + 1}.avsc`), JSON.stringify(schema)));
  return historyDir;
}

describe('planSchemaRelease', () => {
  describe('when a schema was never released', () => {
    it('releases it as version 1', () => {
      expect(planSchemaRelease({ current: new Map([['X', v1]]), historyDir: historyWith([]) })).toEqual([{ type: 'release', name: 'X', version: 1 }]);
    });
  });

  describe('when a schema equals its latest version', () => {
    it('leaves it unchanged', () => {
      expect(planSchemaRelease({ current: new Map([['X', v1]]), historyDir: historyWith([v1]) })).toEqual([{ type: 'unchanged', name: 'X', version: 1 }]);
    });
  });

  describe('when a schema changed compatibly', () => {
    it('releases the next version', () => {
      const v2 = { ...v1, fields: [...v1.fields, { name: 'b', type: 'int', default: 0 }] };
      expect(planSchemaRelease({ current: new Map([['X', v2]]), historyDir: historyWith([v1]) })).toEqual([{ type: 'release', name: 'X', version: 2 }]);
    });
  });

  describe('when a schema breaks any released version', () => {
    it('refuses, naming the version it breaks, even if it is compatible with the latest', () => {
      const v2 = { ...v1, fields: [{ name: 'b', type: 'int', default: 0 }] };
      const v3 = { ...v1, fields: [{ name: 'b', type: 'int', default: 0 }, { name: 'a', type: 'int', default: 0 }] };
      const [step] = planSchemaRelease({ current: new Map([['X', v3]]), historyDir: historyWith([v1, v2]) });
      expect(step).toMatchObject({ type: 'incompatible', name: 'X', against: 1 });
    });
  });
});
