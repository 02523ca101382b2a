import { expect, it } from 'vitest';
import { checkLinks } from '../src/check-links.js';
import { loadDocuments } from '../src/load-documents.js';
import { REPO_ROOT } from './repo-root.js';

it('every relative link and anchor of the Markdown resolves inside the repository', async () => {
  const documents = await loadDocuments(REPO_ROOT);
  expect(documents.map((d) => d.file)).toContain('README.md');
  const problems = checkLinks(REPO_ROOT, documents);
  expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')).toBe('');
});
