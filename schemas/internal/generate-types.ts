/**
 * Regenerates `schemas/generated/events.ts` from `schemas/avro/*.avsc`.
 *
 * @example
 * npm run schemas:types
 */
import { writeFileSync } from 'node:fs';
import { readAvroDirectory } from './readAvroDirectory.ts';
import { renderEventTypes } from './renderEventTypes.ts';
import { schemaPaths } from './schemaPaths.ts';

const source = renderEventTypes(readAvroDirectory(schemaPaths.avroDir));
writeFileSync(schemaPaths.generatedTypesFile, source);
process.stdout.write(`wrote ${schemaPaths.generatedTypesFile}\n`);
