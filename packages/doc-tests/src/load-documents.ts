import { join } from 'node:path';
import { findMarkdownFiles } from './find-markdown-files.js';
import { readMarkdownDocument, type MarkdownDocument } from './markdown-document.js';

/** Parses every Markdown file of the repository at `root`. */
export async function loadDocuments(root: string): Promise<MarkdownDocument[]> {
  const files = await findMarkdownFiles(root);
  return Promise.all(files.map((file) => readMarkdownDocument(root, join(root, file))));
}
