// Reads vitest's JSON report and prints which contract / integration suites ran against real
// services and which were skipped, ending with exactly `N passed, N failed, N skipped` as the
// last line (CI reads that line). Exits 1 when the report is missing or unreadable, or when any
// test or test file failed.
//
// Usage: node .ci/summarize.mjs [report.json]   (default: $EFI_TEST_REPORT or
//        .ci/run-state/vitest-report.json)
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const reportPath = process.argv[2] ?? process.env.EFI_TEST_REPORT ?? '.ci/run-state/vitest-report.json';
const SKIPPED = new Set(['skipped', 'pending', 'todo', 'disabled']);
const SERVICES = ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'REDIS_URL', 'QDRANT_URL'];

let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (err) {
  console.error(`summarize: no readable vitest JSON report at ${reportPath}: ${err.message}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const counts = { passed: 0, failed: 0, skipped: 0 };
/** Contract suites: key -> { passed, failed, skipped } */
const suites = new Map();
const brokenFiles = [];

const tally = (key, status) => {
  const s = suites.get(key) ?? { passed: 0, failed: 0, skipped: 0 };
  s[bucket(status)] += 1;
  suites.set(key, s);
};
const bucket = (status) => (status === 'passed' ? 'passed' : SKIPPED.has(status) ? 'skipped' : 'failed');

for (const file of report.testResults ?? []) {
  const name = relative(process.cwd(), file.name);
  const isIntFile = /\.int\.test\.[cm]?[jt]sx?$/.test(name);
  const assertions = file.assertionResults ?? [];
  // A file that fails to load or whose hooks throw has no failing test to show for it.
  if (file.status === 'failed' && !assertions.some((a) => a.status === 'failed')) {
    brokenFiles.push({ name, message: (file.message ?? '').split('\n')[0] });
  }
  if (isIntFile && assertions.length === 0) suites.set(name, suites.get(name) ?? { passed: 0, failed: 0, skipped: 0 });
  for (const a of assertions) {
    counts[bucket(a.status)] += 1;
    if (isIntFile) {
      tally(name, a.status);
      continue;
    }
    const titles = a.ancestorTitles ?? [];
    const at = titles.findIndex((t) => /contract/i.test(t));
    if (at >= 0) tally(`${name} > ${titles.slice(0, at + 1).join(' > ')}`, a.status);
  }
}

console.log('');
console.log('== Contract / integration suites ==');
const set = SERVICES.filter((v) => process.env[v]).map((v) => `${v}=${process.env[v]}`);
console.log(`services: ${set.length ? set.join(' ') : 'none set'}`);
if (suites.size === 0) console.log('(no *.int.test.* files and no suite named "contract")');
const broken = new Set(brokenFiles.map((f) => f.name));
for (const name of broken) suites.delete(name);
const ran = [...suites].filter(([, s]) => s.passed + s.failed > 0);
const skipped = [...suites].filter(([, s]) => s.passed + s.failed === 0);
for (const [key, s] of ran) {
  const partly = s.skipped ? `, ${s.skipped} skipped` : '';
  console.log(`  RAN     ${key}  (${s.passed} passed, ${s.failed} failed${partly})`);
}
for (const [key, s] of skipped) console.log(`  SKIPPED ${key}  (${s.skipped} skipped)`);
for (const name of broken) console.log(`  FAILED  ${name}  (the file did not load or a hook threw)`);
console.log(
  `${ran.length} contract/integration suite(s) ran, ${skipped.length} skipped` +
    (broken.size ? `, ${broken.size} file(s) broken` : ''),
);

for (const f of brokenFiles) console.log(`FAILED FILE ${f.name}: ${f.message}`);
// Vitest marks the run unsuccessful on unhandled errors too, which no test carries.
const runError = report.success === false && counts.failed + brokenFiles.length === 0 ? 1 : 0;
if (runError) console.log('FAILED RUN vitest reported an error outside any test (unhandled error?)');
// A broken file or run error counts as a failed test so the closing line never reads all-green.
const failed = counts.failed + brokenFiles.length + runError;
const total = counts.passed + failed + counts.skipped;
if (total === 0) console.log('summarize: the report holds no test at all');
console.log(`${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped`);
process.exit(failed > 0 || total === 0 ? 1 : 0);
