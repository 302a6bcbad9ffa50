import { runStylesheet } from '../transform/stylesheets.js';

/** A CSL-JSON item (citeproc's input): https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html */
export interface CslItem {
  id: string;
  type: string;
  [variable: string]: unknown;
}

/** A citable unit's citation data, as xslt/citation.xsl makes it. */
export interface UnitCitation {
  /** The unit's id (its xml:id, or the document's id for a document without units). */
  unit: string;
  /** The canonical item: every other format is derived from it. */
  csl: CslItem;
  /** The same item as a TEI biblStruct. */
  tei: string;
  /** One item per Central Decimal File number the unit cites. */
  archival: CslItem[];
}

export interface Citations {
  /** The printed volume the document edits, when its header names one. */
  volume?: { csl: CslItem; tei: string };
  units: UnitCitation[];
}

export function readCitations(document: unknown, fileStem: string, params: Record<string, string | boolean> = {}): Citations {
  return JSON.parse(runStylesheet('citation', document, 'citations', { 'file-stem': fileStem, ...params }).result) as Citations;
}
