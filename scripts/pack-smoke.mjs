#!/usr/bin/env node
// Pack-and-install smoke test: packs every published package the way a release does (`pnpm pack`,
// which rewrites `workspace:` ranges), checks each tarball's contents, installs the tarballs with
// npm into a temporary project outside the workspace, and there runs an ESM import, a CommonJS
// require(), every bin's --help, and `tsc --noEmit` under moduleResolution nodenext and bundler
// (plus a CommonJS `.cts` consumer under nodenext).
// Needs built packages (the root script `pnpm test:pack` builds first). Exits 1 on any problem.
//   node scripts/pack-smoke.mjs           run everything, remove the temporary folder
//   node scripts/pack-smoke.mjs --keep    keep it (its path is printed) to look around
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkTarball } from './lib/check-tarball.mjs';
import { publishedPackages, repoRoot } from './lib/published-packages.mjs';
import {
  installTarballs,
  loadEveryPackage,
  runEveryBin,
  typecheckEveryPackage,
} from './lib/smoke-consumer.mjs';

const keep = process.argv.includes('--keep');
const work = realpathSync(mkdtempSync(join(tmpdir(), 'snowpipe-pack-smoke-')));
if (!relative(repoRoot, work).startsWith('..')) {
  throw new Error(`temporary folder ${work} is inside the workspace; set TMPDIR elsewhere`);
}
const tarballDir = join(work, 'tarballs');
const consumerDir = join(work, 'consumer');
mkdirSync(tarballDir);
mkdirSync(consumerDir);

const packages = publishedPackages();
const licenseText = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
console.log(`packing ${packages.length} published packages into ${tarballDir}`);

let failed = false;
const tarballs = [];
for (const pkg of packages) {
  const before = new Set(readdirSync(tarballDir));
  execFileSync('pnpm', ['pack', '--pack-destination', tarballDir], {
    cwd: pkg.dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [tarball] = readdirSync(tarballDir).filter((f) => !before.has(f) && f.endsWith('.tgz'));
  if (!tarball) throw new Error(`${pkg.name}: pnpm pack produced no tarball`);
  const unpacked = join(work, 'unpacked', pkg.name);
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['-xzf', join(tarballDir, tarball), '-C', unpacked]);
  const { problems, files } = checkTarball(join(unpacked, 'package'), licenseText);
  console.log(`  ${tarball}: ${files.length} files${problems.length ? '' : ', ok'}`);
  for (const problem of problems) console.log(`    PROBLEM ${pkg.name}: ${problem}`);
  failed ||= problems.length > 0;
  tarballs.push(join(tarballDir, tarball));
}

try {
  if (failed) throw new Error('tarball checks failed (see PROBLEM lines above)');
  console.log(`installing the tarballs with npm into ${consumerDir}`);
  installTarballs(consumerDir, tarballs);
  const names = packages.map((pkg) => pkg.name);
  loadEveryPackage(consumerDir, names);
  if (packages.some((pkg) => pkg.manifest.bin)) console.log('bins:');
  runEveryBin(consumerDir, packages);
  typecheckEveryPackage(consumerDir, names);
  console.log(`pack smoke test: ${packages.length} packages packed, installed, loaded and typed`);
} catch (error) {
  console.error(`pack smoke test FAILED: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
