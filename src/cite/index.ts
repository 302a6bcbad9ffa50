import type { InMemoryDocument } from '../load/inputs.js';
import { readDocument, transformFailed } from '../load/document.js';
import { fileStem } from '../transform/index.js';
import { readCitations, type Citations, type CslItem } from './items.js';
import { formatEntry, formatNote, type Markup } from './styles.js';
import { bibtex, ris } from './exports.js';
import type { Diagnostic } from '../diagnostic.js';
import type { CitationFormat } from './formats.js';

export { CITATION_FORMATS, type CitationFormat } from './formats.js';

/** What is cited: a unit's item or the volume's, with the TEI derived from it and the archival files it cites. */
export interface CitationEntry {
  csl: CslItem;
  tei: string;
  archival?: CslItem[];
}

/**
 * One citation in one format. The styled formats come from citeproc (text, or HTML that keeps
 * the italics); BibTeX, BibLaTeX and RIS from citation-js; CSL-JSON is the item itself as a
 * one-item array; `archival` gives a Chicago note per Central Decimal File number, one per line.
 */
export function formatCitation(entry: CitationEntry, format: CitationFormat, markup: Markup = 'text'): string {
  const { csl } = entry;
  switch (format) {
    case 'chicago-note': return formatNote(csl, 'full', markup);
    case 'chicago-short': return formatNote(csl, 'short', markup);
    case 'chicago-bibliography': return formatEntry(csl, 'chicago', markup);
    case 'mla': return formatEntry(csl, 'mla', markup);
    case 'apa': return formatEntry(csl, 'apa', markup);
    case 'bibtex': return bibtex(csl, 'bibtex');
    case 'biblatex': return bibtex(csl, 'biblatex');
    case 'ris': return ris(csl);
    case 'csl-json': return JSON.stringify([csl], null, 2) + '\n';
    case 'tei': return entry.tei + '\n';
    case 'archival': return (entry.archival ?? []).map((item) => formatNote(item, 'full', markup)).join('\n');
  }
}

export interface CiteOptions {
  /** The unit to cite, by id; by default the document's only unit, else its volume. */
  unit?: string;
  /** Cite the volume the document edits. */
  volume?: boolean;
  onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** A unit asked for is not in the document; `units` says which there are. */
export class UnitNotFoundError extends Error {
  constructor(readonly file: string, readonly wanted: string | undefined, readonly units: string[]) {
    super(wanted === undefined
      ? `${file} has ${units.length} citable units and no volume in its header: choose one with --unit (${units.join(', ')})`
      : `${file} has no citable unit ${JSON.stringify(wanted)}${units.length ? ` (it has ${units.join(', ')})` : ''}`);
  }
}

/** The citation of a unit of a document, or of its volume, in one format. */
export async function cite(input: string | InMemoryDocument, format: CitationFormat, options: CiteOptions = {}): Promise<string> {
  const { source, tree } = await readDocument(input, options.onDiagnostic);
  let citations: Citations;
  try {
    citations = readCitations(tree, fileStem(source));
  } catch (error) {
    throw transformFailed(source, error);
  }
  return formatCitation(choose(citations, options, source.file), format);
}

function choose(citations: Citations, options: CiteOptions, file: string): CitationEntry {
  const ids = citations.units.map((u) => u.unit);
  if (options.volume) {
    if (!citations.volume) throw new UnitNotFoundError(file, 'volume', ids);
    return citations.volume;
  }
  if (options.unit !== undefined) {
    const unit = citations.units.find((u) => u.unit === options.unit);
    if (!unit) throw new UnitNotFoundError(file, options.unit, ids);
    return unit;
  }
  if (citations.units.length === 1) return citations.units[0]!;
  if (citations.volume) return citations.volume;
  throw new UnitNotFoundError(file, undefined, ids);
}
