import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative } from 'node:path';
import type { MarkdownDocument, MarkdownLink } from './markdown-document.js';

/** A link that does not resolve inside the repository. */
export interface LinkProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const EXTERNAL = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Checks every relative link of every document: it must stay inside the repository, name a file
 * or folder that exists, and, with `#anchor`, an anchor of that Markdown file (GitHub's heading
 * slugs). Links with a scheme (`https:`, `mailto:`) are not fetched.
 */
export function checkLinks(root: string, documents: readonly MarkdownDocument[]): LinkProblem[] {
  const byFile = new Map(documents.map((d) => [d.file, d]));
  return documents.flatMap((doc) => doc.links.flatMap((link) => checkLink(root, link, byFile)));
}

function checkLink(
  root: string,
  link: MarkdownLink,
  byFile: ReadonlyMap<string, MarkdownDocument>,
): LinkProblem[] {
  const problem = (message: string): LinkProblem[] => [
    { file: link.file, line: link.line, message },
  ];
  if (EXTERNAL.test(link.url)) return [];
  const hashAt = link.url.indexOf('#');
  const pathPart = decodeURI(hashAt < 0 ? link.url : link.url.slice(0, hashAt));
  const anchor = hashAt < 0 ? undefined : decodeURIComponent(link.url.slice(hashAt + 1));
  if (pathPart.startsWith('/'))
    return problem(`${link.url}: absolute paths do not work on GitHub or npm; use a relative link`);
  const target = pathPart === '' ? link.file : normalize(join(dirname(link.file), pathPart));
  const rel = relative('.', target);
  if (rel.startsWith('..') || isAbsolute(rel))
    return problem(`${link.url}: points outside the repository`);
  const full = join(root, target);
  if (!existsSync(full)) return problem(`${link.url}: ${target} does not exist`);
  if (anchor === undefined || anchor === '') return [];
  if (statSync(full).isDirectory() || !target.endsWith('.md')) {
    return problem(`${link.url}: an anchor on ${target}, which is not a Markdown file`);
  }
  const doc = byFile.get(target);
  if (doc === undefined) return problem(`${link.url}: ${target} is not a checked Markdown file`);
  if (doc.anchors.has(anchor)) return [];
  return problem(`${link.url}: no heading in ${target} has the anchor #${anchor}`);
}
