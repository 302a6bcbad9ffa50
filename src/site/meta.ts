import type { DocumentMetadata, UnitMetadata } from '../transform/metadata.js';

/**
 * The meta tags that reference managers read: Highwire-style citation_* (Zotero's
 * "Embedded Metadata" translator reads a page with citation_book_title as a book section)
 * and Dublin Core. The volume is given as a number, the series with its year.
 */
export function citationMeta(document: DocumentMetadata, unit: UnitMetadata): { name: string; content: string }[] {
  const { source } = document;
  const series = [source.series, source.subseries].filter(Boolean).join(', ');
  const tags: [string, string | number | undefined][] = [
    ['citation_title', unit.title],
    ['citation_book_title', source.volumeTitle],
    ['citation_series_title', series || undefined],
    ['citation_volume', source.volume],
    ...source.editors.map((e): [string, string] => ['citation_editor', e]),
    ['citation_firstpage', unit.firstPage],
    ['citation_lastpage', unit.lastPage],
    ['citation_publisher', source.publisher],
    ['citation_publication_date', source.date],
    ['citation_language', document.lang],
    ['citation_public_url', unit.url],
    ['DC.title', unit.title],
    ...source.editors.map((e): [string, string] => ['DC.contributor', e]),
    ['DC.publisher', source.publisher],
    ['DC.date', source.date],
    ['DC.type', 'Text'],
    ['DC.language', document.lang],
    ['DC.relation.ispartof', [series, source.volumeLabel, source.volumeTitle].filter(Boolean).join(', ') || undefined],
    ['DC.identifier', unit.url],
  ];
  return tags.filter(([, content]) => content !== undefined && content !== '').map(([name, content]) => ({ name, content: String(content) }));
}

/** "Foreign Relations of the United States: Diplomatic Papers, 1944, The American Republics, Volume VII, pp. 170–171" */
export function sourceCitation(document: DocumentMetadata, unit: UnitMetadata): string | undefined {
  const { source } = document;
  const pages = pageRange(unit);
  const parts = [source.series, source.subseries, source.volumeTitle, source.volumeLabel, pages].filter(Boolean);
  return parts.length > 1 ? parts.join(', ') : undefined;
}

/** "pp. 170–171", "p. 245", or nothing when the unit's pages are unknown. */
export function pageRange(unit: UnitMetadata): string | undefined {
  if (!unit.firstPage) return undefined;
  return unit.lastPage && unit.lastPage !== unit.firstPage ? `pp. ${unit.firstPage}–${unit.lastPage}` : `p. ${unit.firstPage}`;
}

/** The printed volume a document comes from, for headers and the contents page; its own title when none is known. */
export function volumeTitle(document: DocumentMetadata): string {
  const { source } = document;
  return [source.series, source.subseries, source.volumeTitle, source.volumeLabel].filter(Boolean).join(', ') || document.title;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1943-04-01T10:00:00" → "April 1, 1943", "1944-11" → "November 1944", "1944" → "1944"; anything else: nothing. */
export function dateText(iso: string | undefined): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso ?? '');
  if (!m) return undefined;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  if (m[2] && !month) return undefined;
  return m[3] ? `${month} ${Number(m[3])}, ${m[1]}` : month ? `${month} ${m[1]}` : m[1];
}
