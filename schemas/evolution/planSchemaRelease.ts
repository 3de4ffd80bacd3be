import { isDeepStrictEqual } from 'node:util';
import type { AvroRecordSchema } from '../catalogue/AvroSchema.ts';
import { checkBackwardCompatibility } from './checkBackwardCompatibility.ts';
import { schemaHistory } from './schemaHistory.ts';

/** What releasing one schema means right now. */
export type ReleaseStep =
  | { type: 'unchanged'; name: string; version: number }
  | { type: 'release'; name: string; version: number }
  | { type: 'incompatible'; name: string; against: number; reason: string };

/**
 * Decides, per schema, whether the current file is already released, must be snapshotted as the
 * next version, or cannot be released because it breaks BACKWARD compatibility with a released
 * version. Every released version is checked, not only the latest (BACKWARD_TRANSITIVE): a log
 * may still hold records of any of them.
 *
 * @example
 * const steps = planSchemaRelease({ current: readAvroDirectory(avroDir), historyDir });
 */
export function planSchemaRelease({ current, historyDir }: { current: ReadonlyMap<string, AvroRecordSchema>; historyDir: string }): ReleaseStep[] {
  const steps: ReleaseStep[] = [];
  for (const [name, schema] of current) {
    const released = schemaHistory({ historyDir, name });
    const latest = released.at(-1);
    if (latest && isDeepStrictEqual(latest.schema, schema)) {
      steps.push({ type: 'unchanged', name, version: latest.version });
      continue;
    }
    const broken = released
      .map((version) => ({ version, verdict: checkBackwardCompatibility({ reader: schema, writer: version.schema }) }))
      .find(({ verdict }) => !verdict.compatible);
    if (broken && !broken.verdict.compatible) {
      steps.push({ type: 'incompatible', name, against: broken.version.version, reason: broken.verdict.reason });
    } else {
      steps.push({ type: 'release', name, version: (latest?.version ?? 0) + 1 });
    }
  }
  return steps;
}
