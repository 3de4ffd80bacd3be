/**
 * Writes one line to stdout and waits for the stream to drain when its buffer is full, so
 * `efi consume | head` or a slow pipe applies backpressure instead of growing memory.
 */
export function writeLine(line: string): Promise<void> {
  if (process.stdout.write(`${line}\n`)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}
