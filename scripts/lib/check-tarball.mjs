// Static checks on one unpacked tarball (the folder `package/` that `tar -x` produces): what a
// consumer would get from the registry. Returns a list of problems; empty means the tarball is fine.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full, base) : [relative(base, full)];
  });
}

/** Every string in an `exports`/`bin` value: the files it promises. */
function targets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

/**
 * @param {string} root the unpacked `package/` folder
 * @param {string} licenseText the repository's LICENSE, which every tarball must carry unchanged
 */
export function checkTarball(root, licenseText) {
  const problems = [];
  const files = listFiles(root);
  const has = (file) => existsSync(resolve(root, file));
  const raw = readFileSync(join(root, 'package.json'), 'utf8');
  const manifest = JSON.parse(raw);

  if (raw.includes('workspace:')) {
    problems.push('package.json still has a `workspace:` range (pack with pnpm, not npm)');
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (!/^\^\d/.test(range)) problems.push(`${field}.${dep} is "${range}", not a caret range`);
    }
  }
  if (!has('LICENSE')) problems.push('no LICENSE file');
  else if (readFileSync(join(root, 'LICENSE'), 'utf8') !== licenseText) {
    problems.push('LICENSE differs from the repository LICENSE');
  }
  for (const file of files) {
    if (file.endsWith('.tsbuildinfo')) problems.push(`ships ${file}`);
    if (/\.test(-d)?\.[cm]?[jt]s$/.test(file)) problems.push(`ships test file ${file}`);
  }
  const promised = [manifest.main, manifest.types, ...targets(manifest.exports)];
  promised.push(...targets(manifest.bin));
  for (const target of new Set(promised.filter(Boolean))) {
    if (!has(target)) problems.push(`package.json names ${target}, which is not in the tarball`);
  }
  for (const file of files.filter((f) => /\.(c|m)?(js|ts)$/.test(f))) {
    const match = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(root, file), 'utf8'));
    if (match && !has(join(dirname(file), match[1]))) {
      problems.push(`${file} points at source map ${match[1]}, which is not shipped`);
    }
  }
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(root, file), 'utf8'));
    for (const source of map.sources ?? []) {
      const path = join(dirname(file), map.sourceRoot ?? '', source);
      if (!has(path)) problems.push(`${file} maps to ${source}, which is not shipped`);
    }
  }
  return { problems, files, manifest };
}
