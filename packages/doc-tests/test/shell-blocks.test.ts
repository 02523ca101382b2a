import { expect, it } from 'vitest';
import { checkShellBlock, SHELL_LANGS } from '../src/check-shell-block.js';
import { loadDocuments } from '../src/load-documents.js';
import { workspacePackages } from '../src/workspace-packages.js';
import { REPO_ROOT } from './repo-root.js';

it('every sh block names pnpm scripts, packages, binaries, files and folders that exist', async () => {
  const documents = await loadDocuments(REPO_ROOT);
  const packages = workspacePackages(REPO_ROOT);
  const blocks = documents.flatMap((d) => d.blocks.filter((b) => SHELL_LANGS.has(b.lang)));
  expect(blocks.length).toBeGreaterThan(5);
  const problems = blocks.flatMap((b) => checkShellBlock(b, REPO_ROOT, packages));
  expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')).toBe('');
});
