import SaxonJS from 'saxon-js';
import type { Source } from './source.js';

/** Parse a document into saxon-js's tree: once, then shared by the rule checks and every stylesheet. */
export async function parseForSaxon(source: Source): Promise<unknown> {
  return SaxonJS.getResource({ text: source.text, type: 'xml' });
}
