#!/usr/bin/env node
// Adds up every vitest JSON report in the workspace and prints the plain line CI reads:
// `N passed, N failed` (with `, N skipped` when some were skipped). Exits 1 when any test failed
// or when no test ran at all.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'examples'];
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const dir of readdirSync(root)) {
    const file = join(root, dir, '.reports', 'vitest.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    reports++;
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A suite that failed to load (syntax error, failed import) has no failed test: count it.
    if (report.success === false && (report.numFailedTests ?? 0) === 0) {
      failed += Math.max(1, report.numFailedTestSuites ?? 0);
    }
  }
}
const tail = skipped ? `, ${skipped} skipped` : '';
console.log(`${passed} passed, ${failed} failed${tail}`);
if (failed > 0 || passed === 0 || reports === 0) process.exit(1);
