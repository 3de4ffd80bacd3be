import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One line of a JSON-lines input: its 1-based number and its parsed value, or why it did not parse. */
export type JsonLine =
  | { type: 'value'; line: number; value: unknown }
  | { type: 'malformed'; line: number; reason: string };

/**
 * Streams a JSON-lines file (or stdin for `-`) one parsed line at a time; blank lines are skipped.
 * Lines are never buffered whole-file, so a 10 GB replay file reads in constant memory.
 *
 * @example
 * for await (const line of readJsonLines('events.jsonl')) if (line.type === 'malformed') warn(line);
 */
export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { type: 'value', line, value: JSON.parse(text) };
    } catch (err) {
      yield { type: 'malformed', line, reason: `malformed JSON: ${(err as Error).message}` };
    }
  }
}
