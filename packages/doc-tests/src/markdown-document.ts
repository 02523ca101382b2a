import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import GithubSlugger from 'github-slugger';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, Parents, Root } from 'mdast';

/** What a `<!-- doctest: … -->` comment right before a fenced block says about it. */
export type BlockMarker = 'fragment' | 'run';

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** Repository-relative path of the Markdown file. */
  readonly file: string;
  /** Info-string language, lower-cased (`ts`, `sh`, …); `''` when none. */
  readonly lang: string;
  /** The block's text, without the fences. */
  readonly code: string;
  /** 1-based line in the Markdown file of the block's first code line. */
  readonly line: number;
  /** Markers given in `<!-- doctest: … -->` comments right before the block. */
  readonly markers: ReadonlySet<BlockMarker>;
}

/** One link (or image, or link reference definition) of a Markdown file. */
export interface MarkdownLink {
  readonly file: string;
  readonly url: string;
  readonly line: number;
}

/** What the doc tests need from one Markdown file. */
export interface MarkdownDocument {
  /** Repository-relative path. */
  readonly file: string;
  readonly blocks: readonly CodeBlock[];
  readonly links: readonly MarkdownLink[];
  /** GitHub-style anchors of the headings (and explicit `id`/`name` anchors in HTML). */
  readonly anchors: ReadonlySet<string>;
  /** TypeScript declarations from the file's `<!-- doctest: prelude … -->` comment, if any. */
  readonly prelude: { readonly code: string; readonly line: number } | undefined;
}

const MARKER = /^<!--\s*doctest:\s*([a-z-]+)\s*-->$/;
const PRELUDE = /^<!--\s*doctest:\s*prelude\b([\s\S]*?)-->\s*$/;
const KNOWN_MARKERS: readonly string[] = ['fragment', 'run'];
const HTML_ANCHOR = /\b(?:id|name)\s*=\s*"([^"]+)"/g;

/** Reads and parses one Markdown file (repository-relative `file` under `root`). */
export async function readMarkdownDocument(root: string, path: string): Promise<MarkdownDocument> {
  return parseMarkdownDocument(relative(root, path), await readFile(path, 'utf8'));
}

/**
 * Parses Markdown text with mdast (CommonMark). Throws when a `doctest:` comment is malformed, so a
 * typo in a marker cannot switch a check off silently.
 */
export function parseMarkdownDocument(file: string, text: string): MarkdownDocument {
  const tree: Root = fromMarkdown(text);
  const blocks: CodeBlock[] = [];
  const links: MarkdownLink[] = [];
  const anchors = new Set<string>();
  const slugger = new GithubSlugger();
  let prelude: MarkdownDocument['prelude'];

  const visit = (node: Nodes, parent: Parents | undefined): void => {
    const line = node.position?.start.line ?? 0;
    switch (node.type) {
      case 'code':
        blocks.push({
          file,
          lang: (node.lang ?? '').toLowerCase(),
          code: node.value,
          line: line + 1,
          markers: markersBefore(file, node, parent),
        });
        return;
      case 'heading':
        anchors.add(slugger.slug(plainText(node)));
        break;
      case 'link':
      case 'image':
      case 'definition':
        links.push({ file, url: node.url, line });
        break;
      case 'html': {
        const found = PRELUDE.exec(node.value.trim());
        if (found !== null) {
          if (prelude !== undefined) throw new Error(`${file}:${line}: a second doctest prelude`);
          prelude = { code: found[1] ?? '', line: line + 1 };
        }
        for (const match of node.value.matchAll(HTML_ANCHOR)) anchors.add(match[1] ?? '');
        break;
      }
      default:
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child, node);
  };
  visit(tree, undefined);
  return { file, blocks, links, anchors, prelude };
}

function markersBefore(file: string, node: Nodes, parent: Parents | undefined): Set<BlockMarker> {
  const markers = new Set<BlockMarker>();
  if (parent === undefined) return markers;
  const siblings: readonly Nodes[] = parent.children;
  // Every HTML comment directly above the block counts (`<!-- prettier-ignore -->` may sit between).
  for (let i = siblings.indexOf(node) - 1; i >= 0; i--) {
    const sibling = siblings[i];
    if (sibling?.type !== 'html') break;
    const value = sibling.value.trim();
    if (!value.includes('doctest:') || PRELUDE.test(value)) continue;
    const marker = MARKER.exec(value)?.[1];
    if (marker === undefined || !KNOWN_MARKERS.includes(marker)) {
      const where = sibling.position?.start.line ?? 0;
      throw new Error(`${file}:${where}: unknown doctest marker ${value} (fragment or run)`);
    }
    markers.add(marker as BlockMarker);
  }
  return markers;
}

function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return node.children.map(plainText).join('');
  return '';
}
