#!/usr/bin/env node
// Adds up every vitest JSON report in the workspace and prints the plain line CI reads:
// `N passed, N failed` (with `, N skipped` when some were skipped). Exits 1 when any test failed
// or when no test ran at all.
//   node scripts/test-summary.mjs                       sum the current reports
//   node scripts/test-summary.mjs --label node20 --save f.json   also save the counts
//   node scripts/test-summary.mjs --combine a.json b.json        sum saved counts
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function fromReports() {
  const counts = { passed: 0, failed: 0, skipped: 0, reports: 0 };
  for (const root of ['packages', 'examples']) {
    if (!existsSync(root)) continue;
    for (const dir of readdirSync(root)) {
      const file = join(root, dir, '.reports', 'vitest.json');
      if (!existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, 'utf8'));
      counts.reports++;
      counts.passed += report.numPassedTests ?? 0;
      counts.failed += report.numFailedTests ?? 0;
      counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      // A suite that failed to load (syntax error, failed import) has no failed test: count it.
      if (report.success === false && (report.numFailedTests ?? 0) === 0) {
        counts.failed += Math.max(1, report.numFailedTestSuites ?? 0);
      }
    }
  }
  return counts;
}

let counts;
if (args.includes('--combine')) {
  counts = { passed: 0, failed: 0, skipped: 0, reports: 0 };
  for (const file of args.slice(args.indexOf('--combine') + 1)) {
    const c = JSON.parse(readFileSync(file, 'utf8'));
    for (const k of Object.keys(counts)) counts[k] += c[k];
  }
} else {
  counts = fromReports();
}
const save = opt('--save');
if (save) {
  mkdirSync(dirname(save), { recursive: true });
  writeFileSync(save, JSON.stringify(counts));
}
const label = opt('--label');
const tail = counts.skipped ? `, ${counts.skipped} skipped` : '';
console.log(`${label ? `${label}: ` : ''}${counts.passed} passed, ${counts.failed} failed${tail}`);
if (counts.failed > 0 || counts.passed === 0 || counts.reports === 0) process.exit(1);
