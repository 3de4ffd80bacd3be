import { fileURLToPath } from 'node:url';

/** Where the committed schemas live; resolved from this file so scripts work from any cwd. */
export const schemaPaths = {
  avroDir: fileURLToPath(new URL('../avro/', import.meta.url)),
  historyDir: fileURLToPath(new URL('../avro/history/', import.meta.url)),
  generatedTypesFile: fileURLToPath(new URL('../generated/events.ts', import.meta.url)),
} as const;
