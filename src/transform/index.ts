import { basename, extname } from 'node:path';
import type { Source } from '../load/source.js';
import { readMetadata, type DocumentMetadata } from './metadata.js';
import { runStylesheet } from './stylesheets.js';
import { readCitations, type Citations } from '../cite/items.js';
import type { SiteData } from './site.js';

export type Target = 'html' | 'text';

/** A document's outputs, made from one parsed tree. */
export interface Rendered {
  metadata: DocumentMetadata;
  /** Page file name without extension → HTML body (from xslt/html.xsl). */
  html: Map<string, string>;
  /** Page file name without extension → plain text (from xslt/text.xsl). */
  text: Map<string, string>;
  /** The citation data of the document's units and volume (from xslt/citation.xsl); none for a witness's text. */
  citations?: Citations;
  /** Names of elements the stylesheets fell back on. */
  unsupported: Set<string>;
}

export function fileStem(source: Source): string {
  return basename(source.file, extname(source.file));
}

/** A part of a document transformed in parts (load/volume.ts): which pages it makes, and what it knows of the other parts. */
export interface PartContext {
  produce: string[];
  targets: Record<string, string>;
  textBegun: boolean;
  /** Authority records in other parts or documents that its names point to (load/volume.ts, editio:record elements). */
  records?: string;
}

/** The stylesheet parameters of a part (none for a document transformed whole, alone). */
export function partParams(part?: PartContext): Record<string, string | boolean> {
  if (!part) return {};
  const records: Record<string, string> = part.records ? { records: part.records } : {};
  if (part.produce.length === 0 && Object.keys(part.targets).length === 0 && !part.textBegun) return records;
  return { produce: part.produce.join(' '), targets: JSON.stringify(part.targets), 'text-begun': part.textBegun, ...records };
}

/** Which text of a critical edition is rendered. */
export interface View {
  /** 'lem' (default): the reading text, with the apparatus in HTML; or a witness's xml:id: that witness's text. */
  reading?: string;
  /** Text only: mark the apparatus entries in the reading text and give the apparatus after it. */
  apparatus?: boolean;
  /** The part of a document this run transforms. */
  part?: PartContext;
}

/** The stylesheet parameters for a view (only text.xsl declares `apparatus`). */
function viewParams(source: Source, view: View, target: Target): Record<string, string | boolean> {
  const params = { 'file-stem': fileStem(source), reading: view.reading ?? 'lem', ...partParams(view.part) };
  return target === 'text' ? { ...params, apparatus: view.apparatus ?? false } : params;
}

/** What a build makes of a document: its pages, metadata and citation data, and its site data. */
export interface Built extends Rendered {
  citations: Citations;
  site: SiteData;
}

/**
 * The transform stage of a build, in one run of xslt/build.xsl over the document or part:
 * every page in HTML and in text (the text with its apparatus), the metadata, the citation
 * data of its units and volume, and its names, dates and files for the site's pages.
 */
export function buildOutputs(source: Source, tree: unknown, part?: PartContext): Built {
  const output = runStylesheet('build', tree, 'build', { ...viewParams(source, { part }, 'text'), apparatus: true });
  const unsupported = new Set<string>();
  collectUnsupported(output.messages, unsupported);
  const html = new Map<string, string>();
  const text = new Map<string, string>();
  for (const [href, body] of output.documents) {
    if (href.endsWith('.html')) html.set(href.slice(0, -'.html'.length), body);
    else text.set(href.slice(0, -'.txt'.length), body);
  }
  const { metadata, citations, site } = JSON.parse(output.result) as Pick<Built, 'metadata' | 'citations' | 'site'>;
  return { metadata, html, text, citations, site, unsupported };
}

/** Every page of a document in HTML and in text, from a run of each stylesheet: a witness's text of a critical edition. */
export function renderPages(source: Source, tree: unknown, targets: readonly Target[] = ['html', 'text'], view: View = {}): Rendered {
  const unsupported = new Set<string>();
  const pages = (name: Target) => {
    if (!targets.includes(name)) return new Map<string, string>();
    const output = runStylesheet(name, tree, 'pages', viewParams(source, view, name));
    collectUnsupported(output.messages, unsupported);
    return new Map([...output.documents].map(([href, body]) => [href.replace(/\.(html|txt)$/, ''), body]));
  };
  return { metadata: readMetadata(tree, fileStem(source), partParams(view.part)), html: pages('html'), text: pages('text'), citations: citationsOf(source, tree, view), unsupported };
}

/** A witness's text is not a citable unit: only the reading text is cited. */
function citationsOf(source: Source, tree: unknown, view: View): Citations | undefined {
  return (view.reading ?? 'lem') === 'lem' ? readCitations(tree, fileStem(source), partParams(view.part)) : undefined;
}

/**
 * The whole document as one body (HTML) or one text, for `editio render`. The page cites its one
 * unit, or else only its volume: the units' items of a volume of thousands are not made.
 */
export function renderWhole(source: Source, tree: unknown, target: Target, view: View = {}): { body: string; metadata: DocumentMetadata; citations?: Citations; unsupported: Set<string> } {
  const output = runStylesheet(target, tree, 'whole', viewParams(source, view, target));
  const unsupported = new Set<string>();
  collectUnsupported(output.messages, unsupported);
  const metadata = readMetadata(tree, fileStem(source));
  const cited: View = metadata.units.length === 1 ? view : { ...view, part: { produce: [NO_UNIT], targets: {}, textBegun: false } };
  return { body: output.result, metadata, citations: target === 'html' ? citationsOf(source, tree, cited) : undefined, unsupported };
}

/** A page name no unit has (an xml:id cannot begin with '#'): the stylesheets then make no unit's data. */
const NO_UNIT = '#none';

function collectUnsupported(messages: string[], into: Set<string>): void {
  for (const m of messages) if (m.startsWith('unsupported-element ')) into.add(m.slice('unsupported-element '.length));
}
