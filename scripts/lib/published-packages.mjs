// The packages a release publishes: every `packages/*/package.json` that is not `private: true`.
// Shared by the pack-and-install smoke test and the API reference build, so a new package is
// covered by both the moment it exists.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `{ name, dir, manifest }` for every published package, sorted by folder name. */
export function publishedPackages() {
  const root = join(repoRoot, 'packages');
  return readdirSync(root)
    .sort()
    .map((folder) => join(root, folder))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, manifest }));
}
