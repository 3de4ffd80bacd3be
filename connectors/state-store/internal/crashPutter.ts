/**
 * Child process of `FileStateStore.crash.test.ts`: opens the store (recovering whatever the
 * previous, killed child left), then overwrites keys in several concurrent loops until it is
 * killed with SIGKILL. It prints `ACK <json>` only AFTER a `putMany` resolved, so every printed
 * line is a promise the store must keep. Compaction is tuned to run often, so kills also land
 * while files are being rewritten and swapped.
 *
 * Usage: node --import tsx crashPutter.ts <dataDir> <round>
 */
import { FileStateStore } from '../FileStateStore.ts';

const [dataDir, round] = process.argv.slice(2) as [string, string];
const store = await FileStateStore.open({ dataDir, compactMinBytes: 512 * 1024, compactGarbageRatio: 0.5 });
process.stdout.write('OPEN\n');

let seq = 0;
async function putLoop(loop: number): Promise<never> {
  for (;;) {
    const n = 1 + Math.floor(Math.random() * 60);
    const entries = Array.from({ length: n }, () => {
      const s = seq++;
      const key = `L${loop}-k${Math.floor(Math.random() * 300)}`;
      return { namespace: `crash/${loop % 2}`, key, value: `${round}|${s}|${'v'.repeat(Math.floor(Math.random() * 800))}` };
    });
    await store.putMany(entries);
    process.stdout.write(`ACK ${JSON.stringify(entries.map((e) => [e.namespace, e.key, Number(round), Number(e.value.split('|')[1])]))}\n`);
  }
}

await Promise.all([putLoop(0), putLoop(1), putLoop(2), putLoop(3)]);
