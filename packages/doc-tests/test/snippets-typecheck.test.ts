import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadDocuments } from '../src/load-documents.js';
import {
  formatDiagnostics,
  toVirtualSnippets,
  typecheckSnippets,
} from '../src/typecheck-blocks.js';
import { PACKAGE_DIR, REPO_ROOT } from './repo-root.js';

it('every ts/js block of the Markdown type-checks (strict, exactOptionalPropertyTypes, nodenext)', async () => {
  const documents = await loadDocuments(REPO_ROOT);
  const snippets = toVirtualSnippets(documents, join(PACKAGE_DIR, '.doctest'));
  expect(snippets.length).toBeGreaterThan(20);
  const diagnostics = typecheckSnippets(REPO_ROOT, snippets, PACKAGE_DIR);
  expect(formatDiagnostics(diagnostics)).toBe('');
});
