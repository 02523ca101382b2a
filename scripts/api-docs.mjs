#!/usr/bin/env node
// Builds the API reference (TypeDoc, HTML in docs/api/) for every published package, found the
// same way the pack smoke test finds them. typedoc.json sets treatWarningsAsErrors and the
// `notDocumented` validation: an exported symbol or interface member without a doc comment fails.
//   node scripts/api-docs.mjs            build docs/api/index.html
//   node scripts/api-docs.mjs --emit none   validate only (what CI runs when nothing is read)
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { publishedPackages, repoRoot } from './lib/published-packages.mjs';

const entryPoints = publishedPackages().flatMap(({ dir }) => [
  '--entryPoints',
  relative(repoRoot, dir),
]);
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
