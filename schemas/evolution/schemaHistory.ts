import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AvroRecordSchema } from '../catalogue/AvroSchema.ts';

/** One released version of a schema: `schemas/avro/history/<Name>/<version>.avsc`. */
export interface ReleasedSchema {
  version: number;
  file: string;
  schema: AvroRecordSchema;
}

/**
 * The released versions of one schema, oldest first (empty when it was never released).
 *
 * @example
 * const versions = schemaHistory({ historyDir: schemaPaths.historyDir, name: 'TicketCreated' });
 * const latest = versions.at(-1);
 */
export function schemaHistory({ historyDir, name }: { historyDir: string; name: string }): ReleasedSchema[] {
  const dir = join(historyDir, name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /^[1-9]\d*\.avsc$/.test(file))
    .map((file) => ({
      version: Number(file.slice(0, -'.avsc'.length)),
      file: join(dir, file),
      schema: JSON.parse(readFileSync(join(dir, file), 'utf8')) as AvroRecordSchema,
    }))
    .sort((a, b) => a.version - b.version);
}
