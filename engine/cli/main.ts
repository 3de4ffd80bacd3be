import { createProgram } from './createProgram.ts';

// Exit codes: 0 ok, 1 failure, 2 some input lines rejected (the rest were written).
createProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`efi: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}\n`);
    process.exitCode = 1;
  });
