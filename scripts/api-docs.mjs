#!/usr/bin/env node
// Builds the API reference (TypeDoc, HTML in docs/api/) for every published package, found the
// same way the pack smoke test finds them. typedoc.json sets treatWarningsAsErrors and the
// `notDocumented`/`notExported` validations: an exported symbol or interface member without a doc
// comment fails. The validations sit in `packageOptions` because in `packages` mode TypeDoc
// validates each package with that package's options (root-level `validation` is not applied).
//   node scripts/api-docs.mjs                build docs/api/index.html
//   node scripts/api-docs.mjs --emit none    validate only, without writing HTML
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { publishedPackages, repoRoot } from './lib/published-packages.mjs';

// A published package with no `types` (a bin-only package) has no API to document.
const packages = publishedPackages();
for (const { name, manifest } of packages) {
  if (!manifest.types) console.log(`skipping ${name}: no "types" in package.json, so no API`);
}
const entryPoints = packages
  .filter(({ manifest }) => manifest.types)
  .flatMap(({ dir }) => ['--entryPoints', relative(repoRoot, dir)]);
const typedoc = join(repoRoot, 'node_modules', 'typedoc', 'bin', 'typedoc');
try {
  execFileSync(
    process.execPath,
    [typedoc, '--options', 'typedoc.json', ...entryPoints, ...process.argv.slice(2)],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
} catch {
  console.error('API reference build FAILED (see the errors above)');
  process.exit(1);
}
