import { formatCitation, type CitationEntry, type CitationFormat } from '../cite/index.js';

/** The "Cite this" section of a page: the styled citations, the downloads, the archival files. */
export interface CiteView {
  forms: { id: string; label: string; html: string }[];
  downloads: { href: string; label: string }[];
  archival: string[];
}

const FORMS: [CitationFormat, string][] = [
  ['chicago-note', 'Chicago, full note'],
  ['chicago-short', 'Chicago, short note'],
  ['chicago-bibliography', 'Chicago, bibliography'],
  ['mla', 'MLA'],
  ['apa', 'APA'],
];

/** The files `build` writes beside each page, by extension. */
export const CITATION_FILES: [extension: string, format: CitationFormat, label: string][] = [
  ['bib', 'bibtex', 'BibTeX'],
  ['ris', 'ris', 'RIS'],
  ['json', 'csl-json', 'CSL-JSON'],
];

/**
 * citeproc's HTML escapes the item's text and adds only its own few tags (i, b, sup, sub,
 * small caps), so the result goes into the page as is.
 */
export function citeView(entry: CitationEntry, fileStem?: string): CiteView {
  return {
    forms: FORMS.map(([format, label]) => ({ id: `cite-${format}`, label, html: formatCitation(entry, format, 'html') })),
    downloads: fileStem === undefined ? [] : CITATION_FILES.map(([extension, , label]) => ({ href: `${fileStem}.${extension}`, label })),
    archival: (entry.archival ?? []).map((item) => formatCitation({ ...entry, archival: [item] }, 'archival', 'html')),
  };
}
