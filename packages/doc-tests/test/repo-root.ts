import { fileURLToPath } from 'node:url';

/** The repository root (this file is `packages/doc-tests/test/repo-root.ts`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The doc-tests package folder: snippets resolve their imports from here. */
export const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));
