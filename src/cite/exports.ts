import { createRequire } from 'node:module';
import type * as CitationJs from '@citation-js/core';
import type { CslItem } from './items.js';

// Loaded on first use, as in styles.ts.
const require = createRequire(import.meta.url);
let Cite: typeof CitationJs.Cite | undefined;
function cite(item: CslItem): CitationJs.Cite {
  if (!Cite) {
    Cite = (require('@citation-js/core') as typeof CitationJs).Cite;
    require('@citation-js/plugin-bibtex');
    require('@citation-js/plugin-ris');
  }
  return new Cite(forReferenceManagers(item));
}

/**
 * BibTeX, BibLaTeX and RIS, by citation-js. These formats have no field for the title of a
 * volume within a multivolume work (CSL's volume-title): the volume's title goes where a
 * book's title goes (booktitle, T2) and the multivolume work where a series goes (series,
 * T3), with the volume number, which is how BibTeX styles print "vol. 7 of …".
 */
export function forReferenceManagers(item: CslItem): CslItem {
  if (!item['volume-title']) return item;
  const { 'volume-title': volumeTitle, 'collection-number': _subseries, ...rest } = item;
  return item.type === 'book'
    ? { ...rest, title: volumeTitle, 'collection-title': item.title }
    : { ...rest, 'container-title': volumeTitle, 'collection-title': item['container-title'] };
}

export function bibtex(item: CslItem, dialect: 'bibtex' | 'biblatex'): string {
  return String(cite(item).format(dialect)).trim() + '\n';
}

/**
 * RIS, one tag per line. citation-js maps the fields; its own text output cuts values every
 * 70 characters, which breaks titles in reference managers, so the lines are written here
 * from its tag objects, each value whole.
 */
export function ris(item: CslItem): string {
  const records = cite(item).format('ris', { format: 'object' }) as Record<string, unknown>[];
  return records.map((record) => {
    const lines = [`TY  - ${record.TY}`];
    for (const [tag, value] of Object.entries(record)) {
      if (tag === 'TY') continue;
      for (const v of ([] as unknown[]).concat(value)) lines.push(`${tag}  - ${String(v).replace(/\s+/g, ' ')}`);
    }
    return [...lines, 'ER  - '].join('\n');
  }).join('\n') + '\n';
}
