import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A spawned engine (`npm start` equivalent) whose JSON log lines can be awaited. */
export interface EngineProcess {
  child: ChildProcess;
  exited: Promise<number | string>;
  logs: () => string;
  /** Resolves when a log line's `msg` equals `message`. */
  waitForLog(message: string, timeoutMs: number): Promise<void>;
}

/**
 * Starts `engine/main.ts` in its own process with `env`, as `npm start` would.
 *
 * @example
 * const engine = spawnEngine({ EFI_DATA_DIR: dir });
 * await engine.waitForLog('caught up', 120_000);
 * engine.child.kill('SIGTERM');
 */
export function spawnEngine(env: Record<string, string>): EngineProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'engine/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, EFI_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let logs = '';
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    logs = (logs + chunk).slice(-200_000);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const text of lines) {
      try {
        const msg = (JSON.parse(text) as { msg?: string }).msg;
        if (msg === undefined) continue;
        seen.add(msg);
        waiters.get(msg)?.();
      } catch {
        // not a log line (a stack trace, say): kept in `logs` for the failure message
      }
    }
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    exited,
    logs: () => logs,
    waitForLog: (message, timeoutMs) =>
      new Promise((resolve, reject) => {
        if (seen.has(message)) return resolve();
        const timer = setTimeout(() => reject(new Error(`engine did not log "${message}" within ${timeoutMs} ms:\n${logs.slice(-3000)}`)), timeoutMs);
        waiters.set(message, () => (clearTimeout(timer), resolve()));
        void exited.then((code) => reject(new Error(`engine exited (${code}) before "${message}":\n${logs.slice(-3000)}`)));
      }),
  };
}
