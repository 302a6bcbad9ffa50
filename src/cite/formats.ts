/** The citation formats editio writes (`editio cite --format`). */
export const CITATION_FORMATS = [
  'chicago-note', 'chicago-short', 'chicago-bibliography', 'mla', 'apa',
  'bibtex', 'biblatex', 'ris', 'csl-json', 'tei', 'archival',
] as const;
export type CitationFormat = (typeof CITATION_FORMATS)[number];
