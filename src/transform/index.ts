import { basename, extname } from 'node:path';
import type { Source } from '../load/source.js';
import { readMetadata, type DocumentMetadata } from './metadata.js';
import { runStylesheet } from './stylesheets.js';
import { readCitations, type Citations } from '../cite/items.js';

export type Target = 'html' | 'text';

/** A document's outputs, made from one parsed tree. */
export interface Rendered {
  metadata: DocumentMetadata;
  /** Page file name without extension → HTML body (from xslt/html.xsl). */
  html: Map<string, string>;
  /** Page file name without extension → plain text (from xslt/text.xsl). */
  text: Map<string, string>;
  /** The citation data of the document's units and volume (from xslt/citation.xsl). */
  citations: Citations;
  /** Names of elements the stylesheets fell back on. */
  unsupported: Set<string>;
}

export function fileStem(source: Source): string {
  return basename(source.file, extname(source.file));
}

/** The transform stage for a site: every page of a document, in HTML and in text. */
export function renderPages(source: Source, tree: unknown, targets: readonly Target[] = ['html', 'text']): Rendered {
  const params = { 'file-stem': fileStem(source) };
  const unsupported = new Set<string>();
  const pages = (name: Target) => {
    if (!targets.includes(name)) return new Map<string, string>();
    const output = runStylesheet(name, tree, 'pages', params);
    collectUnsupported(output.messages, unsupported);
    return new Map([...output.documents].map(([href, body]) => [href.replace(/\.(html|txt)$/, ''), body]));
  };
  return { metadata: readMetadata(tree, params['file-stem']), html: pages('html'), text: pages('text'), citations: readCitations(tree, params['file-stem']), unsupported };
}

/** The whole document as one body (HTML) or one text, for `editio render`. */
export function renderWhole(source: Source, tree: unknown, target: Target): { body: string; metadata: DocumentMetadata; citations?: Citations; unsupported: Set<string> } {
  const params = { 'file-stem': fileStem(source) };
  const output = runStylesheet(target, tree, 'whole', params);
  const unsupported = new Set<string>();
  collectUnsupported(output.messages, unsupported);
  const citations = target === 'html' ? readCitations(tree, params['file-stem']) : undefined;
  return { body: output.result, metadata: readMetadata(tree, params['file-stem']), citations, unsupported };
}

function collectUnsupported(messages: string[], into: Set<string>): void {
  for (const m of messages) if (m.startsWith('unsupported-element ')) into.add(m.slice('unsupported-element '.length));
}
