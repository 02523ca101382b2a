import { glob } from 'tinyglobby';

/**
 * Folders whose Markdown is not user-facing documentation: dependencies, build output, caches,
 * pending changesets (their text becomes a CHANGELOG entry) and generated changelogs.
 */
export const IGNORED_MARKDOWN = Object.freeze([
  '**/node_modules/**',
  '**/dist/**',
  '**/.turbo/**',
  '**/.reports/**',
  '.changeset/**',
  '**/CHANGELOG.md',
]);

/**
 * Every Markdown file of the repository (sorted, repository-relative), found by globbing so a
 * new package's README is covered without touching the doc tests.
 */
export async function findMarkdownFiles(root: string): Promise<string[]> {
  const files = await glob('**/*.md', { cwd: root, ignore: [...IGNORED_MARKDOWN], dot: true });
  return files.sort();
}
