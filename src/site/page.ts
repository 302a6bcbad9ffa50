import type { DocumentMetadata, UnitMetadata, WitnessMetadata } from '../transform/metadata.js';
import { pageHtml, type Link } from './layout.js';
import { citationMeta, sourceCitation, volumeTitle } from './meta.js';
import type { CiteView } from './cite.js';

export const FOOTER = 'Made with editio from the TEI encoding of the text.';

/** Where a page stands in the site: the relative paths to the stylesheets and contents, and its neighbours. */
export interface PagePlace {
  assets: string;
  home: string;
  /** The site's search page (none for a page rendered alone). */
  search?: string;
  parent?: Link;
  pager?: { prev?: Link; next?: Link };
  cite?: CiteView;
  /** Script files of the assets folder to load: the reading switch on a critical edition's reading text. */
  scripts?: string[];
}

/** The script that switches a critical edition's reading text to one witness's readings in place. */
export const READING_SWITCH = 'witnesses.js';

/** The script that shows the copy buttons of "Cite this". */
export const COPY_BUTTONS = 'editio.js';

/** A citable unit's page: the XSLT-made body in the layout, with its citation meta tags. Unicode NFC. */
export function unitPage(metadata: DocumentMetadata, unit: UnitMetadata, body: string, place: PagePlace): string {
  return pageHtml({
    lang: metadata.lang,
    title: [...new Set([unit.title, metadata.source.volumeTitle ?? metadata.title])].join(' — '),
    editionTitle: volumeTitle(metadata),
    canonical: unit.url,
    meta: citationMeta(metadata, unit),
    sourceCitation: sourceCitation(metadata, unit),
    body,
    footer: FOOTER,
    ...place,
    scripts: [...(place.cite ? [COPY_BUTTONS] : []), ...(place.scripts ?? [])],
  }).normalize('NFC');
}

/** "Title (witness B)": the title of the page of one witness's text. */
export function witnessTitle(title: string, witness: WitnessMetadata): string {
  return `${title} (witness ${witness.siglum})`;
}
