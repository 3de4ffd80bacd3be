import { createProgram } from './createProgram.ts';

// The CLI's stdout is data and its stderr is for problems: library chatter stays below warn.
process.env.EFI_LOG_LEVEL ??= 'warn';

// Exit codes: 0 ok, 1 failure, 2 some input lines rejected (the rest were written).
createProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`efi: ${e.code ? `[${e.code}] ` : ''}${e.message ?? String(err)}\n`);
    process.exitCode = 1;
  });
