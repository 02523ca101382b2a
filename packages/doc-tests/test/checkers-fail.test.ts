// The checks fail when they should: each one is fed a small Markdown document with one mistake.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinks } from '../src/check-links.js';
import { checkShellBlock } from '../src/check-shell-block.js';
import { parseMarkdownDocument } from '../src/markdown-document.js';
import { runShellBlock, runSnippet } from '../src/run-snippet.js';
import { toVirtualSnippets, typecheckSnippets } from '../src/typecheck-blocks.js';
import { workspacePackages } from '../src/workspace-packages.js';
import { PACKAGE_DIR, REPO_ROOT } from './repo-root.js';

const fence = (lang: string, code: string): string => `\`\`\`${lang}\n${code}\n\`\`\`\n`;

const PRELUDE =
  "<!-- doctest: prelude\ndeclare const channel: import('@snowpipe/streaming-client').Channel;\n-->\n\n";
const APPEND = "await channel.appendRow({ id: 1 }, '1');";

// One document per case, checked in one program (building a program takes seconds).
const FIXTURES = {
  'wrong-call.md': `# t\n\n${fence('ts', "import { createRetryPlan } from '@snowpipe/retry';\n\ncreateRetryPlan({ maxAttempts: '3' });")}`,
  'optional.md': fence(
    'ts',
    "import { createRetryCoordinator } from '@snowpipe/retry';\n\ndeclare const signal: AbortSignal | undefined;\nawait createRetryCoordinator().execute('x', async () => 1, { signal });",
  ),
  'fragment.md': `${PRELUDE}<!-- doctest: fragment -->\n\n${fence('ts', APPEND)}`,
  'no-marker.md': `${PRELUDE}${fence('ts', APPEND)}`,
};

let found: Map<string, string[]> | undefined;
function typecheck(file: keyof typeof FIXTURES): string[] {
  if (found === undefined) {
    const documents = Object.entries(FIXTURES).map(([name, text]) =>
      parseMarkdownDocument(name, text),
    );
    const snippets = toVirtualSnippets(documents, join(PACKAGE_DIR, '.doctest'));
    found = new Map(Object.keys(FIXTURES).map((name) => [name, []]));
    for (const d of typecheckSnippets(REPO_ROOT, snippets, PACKAGE_DIR)) {
      found.get(d.file)?.push(`${d.file}:${d.line}: ${d.message}`);
    }
  }
  return found.get(file) ?? [];
}

describe('type check', () => {
  it('reports a wrong call at its line in the Markdown file', () => {
    const lines = typecheck('wrong-call.md');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^wrong-call\.md:6: TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  it('checks under exactOptionalPropertyTypes', () => {
    expect(typecheck('optional.md').join('\n')).toMatch(/TS2379: .*exactOptionalPropertyTypes/);
  });

  it('a fragment uses the prelude; without the marker the same block fails', () => {
    expect(typecheck('fragment.md')).toEqual([]);
    expect(typecheck('no-marker.md')).toEqual([
      "no-marker.md:6: TS2304: Cannot find name 'channel'.",
    ]);
  });

  it('a fragment in a file without a prelude, or an unknown marker, is an error', () => {
    const orphan = parseMarkdownDocument(
      'x.md',
      `<!-- doctest: fragment -->\n\n${fence('ts', 'x;')}`,
    );
    expect(() => toVirtualSnippets([orphan], join(PACKAGE_DIR, '.doctest'))).toThrow(
      /no <!-- doctest: prelude/,
    );
    expect(() =>
      parseMarkdownDocument('x.md', `<!-- doctest: fragmnet -->\n\n${fence('ts', 'x;')}`),
    ).toThrow(/unknown doctest marker/);
  });
});

describe('link check', () => {
  const links = (file: string, text: string): string[] =>
    checkLinks(REPO_ROOT, [parseMarkdownDocument(file, text)]).map((p) => p.message);

  it('refuses a dead file, a missing anchor and a link outside the repository', () => {
    expect(links('README.md', '[a](packages/nope/README.md)')).toEqual([
      'packages/nope/README.md: packages/nope/README.md does not exist',
    ]);
    expect(links('README.md', '# Here\n\n[a](#here) [b](#there)')).toEqual([
      '#there: no heading in README.md has the anchor #there',
    ]);
    expect(links('README.md', '[a](../shared/STYLE.md)')).toEqual([
      '../shared/STYLE.md: points outside the repository',
    ]);
  });

  it('accepts existing files, folders and GitHub heading slugs', () => {
    expect(
      links(
        'README.md',
        '# Five lines to stream rows\n\n[a](#five-lines-to-stream-rows) [b](packages/retry) [c](BENCHMARKS.md)',
      ),
    ).toEqual([]);
  });
});

describe('sh check', () => {
  const packages = workspacePackages(REPO_ROOT);
  const shell = (code: string): string[] =>
    parseMarkdownDocument('x.md', fence('sh', code)).blocks.flatMap((b) =>
      checkShellBlock(b, REPO_ROOT, packages).map((p) => p.message),
    );

  it('refuses a script that does not exist, a filter that matches nothing and a missing file', () => {
    expect(shell('npx -y pnpm@10.34.9 tset:all')).toEqual([
      'pnpm tset:all: no script "tset:all" in the root package.json',
    ]);
    expect(shell('npx -y pnpm@10.34.9 --filter @snowpipe/nope build')).toEqual([
      'pnpm --filter @snowpipe/nope: no workspace package matches',
    ]);
    expect(shell('cd examples/quickstart && node dist/nope.js')).toEqual([
      'file dist/nope.js does not exist (from examples/quickstart)',
    ]);
    expect(shell('cd examples/nope')).toEqual([
      'folder examples/nope does not exist (from the repository root)',
    ]);
  });

  it('refuses bare pnpm (the Quick start has none) and another pnpm version than the pinned one', () => {
    expect(shell('pnpm demo --rows 5')).toEqual([
      'pnpm demo: pnpm is not installed by the Quick start; write npx -y pnpm@10.34.9 demo --rows 5',
    ]);
    expect(shell('npx -y pnpm@9.0.0 demo')).toEqual([
      'npx pnpm@9.0.0: the repository pins pnpm@10.34.9 (packageManager in package.json)',
    ]);
    expect(shell('pnpm add @snowpipe/streaming-client')).toEqual([]);
  });

  it('refuses building a package alone when its workspace dependencies are not built', () => {
    expect(
      shell('npx -y pnpm@10.34.9 --filter @snowpipe/example-token-guard-standalone build')[0],
    ).toMatch(
      /without @snowpipe\/token-guard.*use --filter @snowpipe\/example-token-guard-standalone\.\.\./,
    );
    expect(
      shell('npx -y pnpm@10.34.9 --filter @snowpipe/example-token-guard-standalone... build'),
    ).toEqual([]);
  });

  it('accepts scripts, built files and files the block writes first', () => {
    expect(
      shell(
        'npx -y pnpm@10.34.9 demo --rows 5\ncd examples/quickstart && node dist/main.js --help',
      ),
    ).toEqual([]);
    expect(shell('openssl genrsa -out k.pem 2048\ncat k.pem')).toEqual([]);
  });
});

describe('run', () => {
  it('a snippet that throws, or a shell command that fails, does not exit with 0', async () => {
    const [ts] = parseMarkdownDocument('x.md', fence('ts', "throw new Error('boom');")).blocks;
    const [sh] = parseMarkdownDocument('x.md', fence('sh', 'true\nfalse\ntrue')).blocks;
    const run = await runSnippet(ts!, {
      moduleDir: join(PACKAGE_DIR, 'node_modules', '.doctest-run'),
      cwd: PACKAGE_DIR,
      env: {},
    });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('boom');
    expect((await runShellBlock(sh!, PACKAGE_DIR)).exitCode).toBe(1);
  });
});
