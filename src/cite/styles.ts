import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type CSLModule from 'citeproc';
import type * as CitationJs from '@citation-js/core';
import type { CslItem } from './items.js';

// Loaded on first use (about 0.6 s), so that commands which cite nothing do not pay for them.
const require = createRequire(import.meta.url);
let loaded: { CSL: typeof CSLModule; plugins: typeof CitationJs.plugins } | undefined;
function libraries() {
  if (!loaded) {
    const core = require('@citation-js/core') as typeof CitationJs;
    require('@citation-js/plugin-csl');
    loaded = { CSL: require('citeproc') as typeof CSLModule, plugins: core.plugins };
  }
  return loaded;
}

/**
 * Formatted citations from CSL styles, by citeproc-js (the engine Zotero uses). Chicago and
 * MLA are editio's own style files in csl/; APA is the style citation-js bundles.
 */
export type StyleName = 'chicago' | 'mla' | 'apa';
export type Markup = 'text' | 'html';

const STYLE_FILES: Record<Exclude<StyleName, 'apa'>, string> = {
  chicago: 'chicago-notes-bibliography.csl',
  mla: 'mla.csl',
};

/**
 * A style as its engine reads it. An engine here holds one item at a time (see engineFor), and
 * the order of one item is no order: the style's sort keys are dropped, which saves citeproc
 * from rendering them for every item (a fifth to a third of its time; the same output).
 */
function styleXml(name: StyleName): string {
  const csl = libraries().plugins.config.get('@csl');
  const xml = name === 'apa' ? csl.styles.get('apa') as string : readFileSync(fileURLToPath(new URL(`../../csl/${STYLE_FILES[name]}`, import.meta.url)), 'utf8');
  return xml.replace(/<sort>[\s\S]*?<\/sort>/g, '');
}

/** One engine per style and markup, reused: the item it formats is swapped in each time. */
const engines = new Map<string, { engine: InstanceType<typeof CSLModule.Engine>; items: Map<string, CslItem>; holds?: CslItem }>();

function engineFor(style: StyleName, markup: Markup, item: CslItem) {
  const key = `${style}/${markup}`;
  let entry = engines.get(key);
  if (!entry) {
    const items = new Map<string, CslItem>();
    const { CSL, plugins } = libraries();
    const locales = plugins.config.get('@csl').locales;
    const engine = new CSL.Engine({ retrieveLocale: (lang) => locales.get(lang) ?? locales.get('en-US'), retrieveItem: (id) => items.get(id) }, styleXml(style), 'en-US');
    engine.setOutputFormat(markup);
    entry = { engine, items };
    engines.set(key, entry);
  }
  // The full and the short note of one item come from the same engine: it is registered once.
  // A registry of one item needs no sorting (`nosort`: the same output, a quarter less time).
  if (entry.holds !== item) {
    entry.items.clear();
    entry.items.set(item.id, item);
    entry.engine.updateItems([item.id], true);
    entry.holds = item;
  }
  return entry.engine;
}

/** A note: the full note of a first citation, or the short note of a later one. */
export function formatNote(item: CslItem, form: 'full' | 'short', markup: Markup = 'text'): string {
  const { CSL } = libraries();
  const position = form === 'full' ? CSL.POSITION_FIRST : CSL.POSITION_SUBSEQUENT;
  return engineFor('chicago', markup, item).makeCitationCluster([{ id: item.id, position }]).trim();
}

/** A bibliography or works-cited entry. HTML markup keeps the italics, without citeproc's wrapper. */
export function formatEntry(item: CslItem, style: StyleName, markup: Markup = 'text'): string {
  const result = engineFor(style, markup, item).makeBibliography();
  const entry = result ? result[1].join('').trim() : '';
  return markup === 'html' ? entry.replace(/^<div class="csl-entry">([\s\S]*)<\/div>$/, '$1').trim() : entry;
}
