import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import type { CodeBlock, MarkdownDocument } from './markdown-document.js';
import { workspacePackageDirs } from './workspace-packages.js';

/** Languages whose blocks are type-checked (`js` blocks with `checkJs`). */
export const TYPESCRIPT_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'mts']);
/** JavaScript languages, checked with `checkJs`. */
export const JAVASCRIPT_LANGS: ReadonlySet<string> = new Set(['js', 'javascript', 'mjs']);

/**
 * The compiler options every snippet must pass: what a careful user's `tsconfig.json` has, and
 * the strictest optional-property rule, so a snippet that compiles here compiles for them.
 */
export const SNIPPET_COMPILER_OPTIONS: Readonly<ts.CompilerOptions> = Object.freeze({
  strict: true,
  exactOptionalPropertyTypes: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  allowJs: true,
  checkJs: true,
  skipLibCheck: true,
  noEmit: true,
});

/** One compiler diagnostic, placed at its line in the Markdown file. */
export interface SnippetDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** A snippet as the compiler sees it: a virtual module file, and how its lines map back. */
export interface VirtualSnippet {
  readonly block: CodeBlock;
  readonly path: string;
  readonly text: string;
  /** Lines of prelude put before the block's code. */
  readonly preludeLines: number;
  readonly preludeLine: number;
}

/** True for blocks the type checker looks at. */
export function isCheckedCode(block: CodeBlock): boolean {
  return TYPESCRIPT_LANGS.has(block.lang) || JAVASCRIPT_LANGS.has(block.lang);
}

/**
 * Turns every TS/JS block into a virtual module under `virtualDir` (a folder of the doc-tests
 * package, so imports resolve through its dependencies). A fragment gets its file's prelude first;
 * `export {}` makes each file a module even without imports, so snippets do not share globals.
 */
export function toVirtualSnippets(
  documents: readonly MarkdownDocument[],
  virtualDir: string,
): VirtualSnippet[] {
  const snippets: VirtualSnippet[] = [];
  for (const doc of documents) {
    for (const block of doc.blocks.filter(isCheckedCode)) {
      const fragment = block.markers.has('fragment');
      if (fragment && doc.prelude === undefined) {
        throw new Error(
          `${doc.file}:${block.line}: a doctest fragment but the file has no <!-- doctest: prelude … --> comment`,
        );
      }
      const prelude = fragment ? (doc.prelude?.code ?? '') : '';
      const preludeLines = fragment ? prelude.split('\n').length : 0;
      const ext = JAVASCRIPT_LANGS.has(block.lang) ? 'js' : 'ts';
      const name = `${doc.file.replace(/[^A-Za-z0-9]+/g, '_')}_L${block.line}.${ext}`;
      snippets.push({
        block,
        path: join(virtualDir, name),
        text: `${fragment ? `${prelude}\n` : ''}${block.code}\nexport {};\n`,
        preludeLines,
        preludeLine: doc.prelude?.line ?? 0,
      });
    }
  }
  return snippets;
}

/**
 * Type-checks every snippet in one program. Imports resolve from the doc-tests package first;
 * an `@snowpipe/*` name it does not depend on resolves to that workspace package (so a new
 * package's README is checked without editing this package), anything else from the folder of
 * the Markdown file.
 */
export function typecheckSnippets(
  root: string,
  snippets: readonly VirtualSnippet[],
  currentDirectory: string,
): SnippetDiagnostic[] {
  const options: ts.CompilerOptions = { ...SNIPPET_COMPILER_OPTIONS };
  const byPath = new Map(snippets.map((s) => [resolve(s.path), s]));
  const host = ts.createCompilerHost(options, true);
  host.getCurrentDirectory = () => currentDirectory;
  const baseGetSourceFile = host.getSourceFile.bind(host);
  const baseFileExists = host.fileExists.bind(host);
  const baseReadFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const snippet = byPath.get(resolve(fileName));
    if (snippet !== undefined) return ts.createSourceFile(fileName, snippet.text, languageVersion);
    return baseGetSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  host.fileExists = (fileName) => byPath.has(resolve(fileName)) || baseFileExists(fileName);
  host.readFile = (fileName) => byPath.get(resolve(fileName))?.text ?? baseReadFile(fileName);

  const workspace = workspacePackageDirs(root);
  const moduleHost: ts.ModuleResolutionHost = host;
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, opts, sourceFile) =>
    literals.map((literal) => {
      const name = literal.text;
      const mode = ts.getModeForUsageLocation(sourceFile, literal, opts);
      const resolveFrom = (from: string) =>
        ts.resolveModuleName(name, from, opts, moduleHost, undefined, redirected, mode);
      const first = resolveFrom(containingFile);
      if (first.resolvedModule !== undefined) return first;
      const snippet = byPath.get(resolve(containingFile));
      if (snippet === undefined) return first;
      const pkg = [...workspace].find(
        ([pkgName]) => name === pkgName || name.startsWith(`${pkgName}/`),
      );
      if (pkg !== undefined) {
        const own = resolveFrom(join(pkg[1], '__doctest__.ts'));
        if (own.resolvedModule !== undefined) return own;
      }
      const near = resolveFrom(join(root, dirname(snippet.block.file), '__doctest__.ts'));
      return near.resolvedModule !== undefined ? near : first;
    });

  const program = ts.createProgram({ rootNames: [...byPath.keys()], options, host });
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[...byPath.keys()].flatMap((path) => {
      const file = program.getSourceFile(path);
      return file === undefined
        ? []
        : [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    }),
  ];
  return diagnostics.map((d) => placeDiagnostic(d, byPath));
}

function placeDiagnostic(
  diagnostic: ts.Diagnostic,
  byPath: ReadonlyMap<string, VirtualSnippet>,
): SnippetDiagnostic {
  const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  const snippet = diagnostic.file && byPath.get(resolve(diagnostic.file.fileName));
  if (snippet === undefined || diagnostic.file === undefined) {
    return { file: diagnostic.file?.fileName ?? '(compiler options)', line: 0, message };
  }
  const at = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
  const line =
    at < snippet.preludeLines
      ? snippet.preludeLine + at
      : snippet.block.line + at - snippet.preludeLines;
  return { file: snippet.block.file, line, message };
}

/** `file:line: message` lines, one per diagnostic. */
export function formatDiagnostics(diagnostics: readonly SnippetDiagnostic[]): string {
  return diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n');
}
