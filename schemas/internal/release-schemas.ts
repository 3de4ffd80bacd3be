/**
 * Snapshots every changed schema as its next released version under
 * `schemas/avro/history/<Name>/<n>.avsc`, after checking it is BACKWARD compatible with every
 * released version. Writes nothing when any schema is incompatible (exit code 1).
 *
 * @example
 * npm run schemas:release
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { planSchemaRelease } from '../evolution/planSchemaRelease.ts';
import { readAvroDirectory } from './readAvroDirectory.ts';
import { schemaPaths } from './schemaPaths.ts';

const steps = planSchemaRelease({ current: readAvroDirectory(schemaPaths.avroDir), historyDir: schemaPaths.historyDir });
const incompatible = steps.filter((step) => step.type === 'incompatible');
if (incompatible.length > 0) {
  for (const step of incompatible) {
    process.stderr.write(`${step.name}: not BACKWARD compatible with released version ${step.against}: ${step.reason}\n`);
  }
  process.stderr.write('nothing released; give new fields defaults, keep types and enum symbols, or add a new record type\n');
  process.exitCode = 1;
} else {
  for (const step of steps) {
    if (step.type !== 'release') continue;
    const dir = join(schemaPaths.historyDir, step.name);
    mkdirSync(dir, { recursive: true });
    // A byte copy: the history file is exactly what was committed as the schema.
    copyFileSync(join(schemaPaths.avroDir, `${step.name}.avsc`), join(dir, `${step.version}.avsc`));
    process.stdout.write(`released ${step.name} version ${step.version}\n`);
  }
  const unchanged = steps.filter((step) => step.type === 'unchanged').length;
  process.stdout.write(`${steps.length - unchanged} released, ${unchanged} unchanged\n`);
}
