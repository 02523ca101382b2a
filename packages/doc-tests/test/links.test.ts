import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkLinks } from '../src/check-links.js';
import { loadDocuments } from '../src/load-documents.js';
import { REPO_ROOT } from './repo-root.js';

it('every relative link and anchor of the Markdown resolves inside the repository', async () => {
  const documents = await loadDocuments(REPO_ROOT);
  const files = documents.map((d) => d.file);
  const readmes = ['packages', 'examples'].flatMap((folder) =>
    readdirSync(join(REPO_ROOT, folder))
      .filter((name) => existsSync(join(REPO_ROOT, folder, name, 'README.md')))
      .map((name) => `${folder}/${name}/README.md`),
  );
  for (const file of [
    'README.md',
    'CONTRIBUTING.md',
    'RELIABILITY.md',
    'BENCHMARKS.md',
    ...readmes,
  ]) {
    expect(files).toContain(file);
  }
  const problems = checkLinks(REPO_ROOT, documents);
  expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')).toBe('');
});
