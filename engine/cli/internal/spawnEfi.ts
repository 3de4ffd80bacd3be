import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../efi.js');

/** A running `efi` process with its output collected line by line (for tests and scripts). */
export interface EfiProcess {
  child: ChildProcess;
  stdoutLines: string[];
  stderr: () => string;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  /** Resolves once a stdout line satisfies `predicate`. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
}

/**
 * Spawns the real `efi` bin, as a user runs it.
 *
 * @example
 * const p = spawnEfi(['consume', '--topic', 'tickets', '--from-beginning'], { EFI_DATA_DIR: dir });
 * await p.exited;
 */
export function spawnEfi(args: string[], env: Record<string, string>): EfiProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdoutLines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters: { predicate: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      stdoutLines.push(line);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.predicate(line)) waiters.splice(i, 1)[0]!.resolve(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdoutLines,
    stderr: () => stderr,
    exited,
    waitForLine: (predicate, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const hit = stdoutLines.find(predicate);
        if (hit !== undefined) return resolve(hit);
        const timer = setTimeout(() => reject(new Error(`no matching line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({ predicate, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then(() => setTimeout(() => reject(new Error(`efi exited before a matching line; stderr: ${stderr.slice(-2000)}`)), 50));
      }),
  };
}
