import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch from 'minisearch';
import { searchHtml } from './layout.js';
import { FOOTER } from './page.js';

/**
 * Full-text search without a server. The build makes a MiniSearch index of every unit (its
 * text, title, names and dates) and ships it as a script file, `assets/search-index.js`, so the
 * search page reads it from any static host and from file:// alike, under a policy that allows
 * the site's own scripts and nothing more (no connect-src, no inline script). The browser gets
 * MiniSearch itself as `assets/minisearch.js`, copied from node_modules at build time.
 */

/** What the index holds of one unit's page. */
export interface SearchEntry {
  /** The page, relative to the site root. */
  href: string;
  title: string;
  /** The volume (or document) the unit belongs to. */
  volume: string;
  /** The text edition of the unit: searched, and the snippets are cut from it. */
  text: string;
  /** The full names of the persons, places and organisations the unit mentions (its register). */
  names: string[];
  /** Every date the unit marks, as ISO 8601 and as read ("1944-11-27 November 27, 1944"). */
  dates: string[];
}

/** The fields searched and those kept for the results; the index file carries them for the browser. */
export const SEARCH_FIELDS = ['title', 'names', 'dates', 'text'];
export const STORED_FIELDS = ['href', 'title', 'volume', 'text'];

/**
 * Case and accents do not matter ("Rios" finds "Ríos"). The same function is in
 * templates/assets/search.js, which folds the query terms as the index was folded.
 */
export function foldTerm(term: string): string {
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Words are letters and digits; an ISO date (1944-11-27, 1944-11) stays one word, so a search
 * for a date finds that date, not every 1944. The same expression is in templates/assets/search.js.
 */
export function tokenize(text: string): string[] {
  return text.match(/\d{4}-\d{2}(?:-\d{2})?|[\p{L}\p{M}\p{Nd}]+/gu) ?? [];
}

/** The names and dates of a unit, read from its page body as html.xsl made it (register names, `time` elements). */
export function searchEntry(unit: Omit<SearchEntry, 'names' | 'dates'>, body: string, dateText: (iso: string) => string | undefined): SearchEntry {
  // A register name is a link to the site's register on a unit page, plain text elsewhere.
  const names = [...body.matchAll(/<(?:span|a) class="record-name"[^>]*>([^<]*)<\/(?:span|a)>/g)].map((m) => decodeEntities(m[1]!));
  const isos = [...new Set([...body.matchAll(/<time\b[^>]*\sdatetime="([^"]+)"/g)].map((m) => decodeEntities(m[1]!)))];
  return { ...unit, names, dates: isos.map((iso) => [iso, dateText(iso)].filter(Boolean).join(' ')) };
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(Number.parseInt(name.slice(name[1] === 'x' || name[1] === 'X' ? 2 : 1), name[1]?.toLowerCase() === 'x' ? 16 : 10));
    return named[name.toLowerCase()] ?? whole;
  });
}

/** The serialised index, in the order of the entries (the contents' order), so the same input gives the same bytes. */
export function searchIndex(entries: SearchEntry[]): string {
  const index = new MiniSearch<SearchEntry & { id: number }>({
    fields: SEARCH_FIELDS,
    storeFields: STORED_FIELDS,
    processTerm: foldTerm,
    tokenize,
    extractField: (entry, field) => {
      const value = (entry as unknown as Record<string, unknown>)[field];
      return Array.isArray(value) ? value.join('\n') : String(value ?? '');
    },
  });
  index.addAll(entries.map((entry, id) => ({ ...entry, id })));
  return `// The search index of the edition, made by editio build (MiniSearch ${MINISEARCH_VERSION}).\nwindow.editioSearchIndex = ${JSON.stringify({ fields: SEARCH_FIELDS, storeFields: STORED_FIELDS, index })};\n`;
}

const require = createRequire(import.meta.url);
// The package's folder, from its CommonJS entry (dist/cjs/index.cjs): its exports do not list package.json.
const MINISEARCH = join(dirname(require.resolve('minisearch')), '..', '..');
const MINISEARCH_VERSION = (JSON.parse(readFileSync(join(MINISEARCH, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The files of search in the site's assets: the index, and MiniSearch for the browser (its UMD
 * build, which a classic script can load, without its source-map comment) with its licence.
 */
export function searchAssets(entries: SearchEntry[]): [name: string, content: string][] {
  const library = readFileSync(join(MINISEARCH, 'dist', 'umd', 'index.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return [
    ['minisearch.js', `/*! MiniSearch ${MINISEARCH_VERSION} by Luca Ongaro, MIT licence: see minisearch-LICENSE.txt */\n${library}`],
    ['minisearch-LICENSE.txt', readFileSync(join(MINISEARCH, 'LICENSE.txt'), 'utf8')],
    ['search-index.js', searchIndex(entries)],
  ];
}

/** The files searchFiles makes, relative to the output folder. */
export const SEARCH_FILES = ['search.html', 'assets/minisearch.js', 'assets/minisearch-LICENSE.txt', 'assets/search-index.js'];

/** The scripts of the search page, in the order they run. */
const SEARCH_SCRIPTS = ['minisearch.js', 'search-index.js', 'search.js'];

/**
 * The search page and its assets, as paths relative to the output folder. `search.js` itself is
 * one of editio's assets (templates/assets/), copied with the others.
 */
export function searchFiles(title: string, entries: SearchEntry[]): [path: string, content: string][] {
  return [
    ['search.html', searchHtml({ lang: 'en', title, footer: FOOTER, scripts: SEARCH_SCRIPTS }).normalize('NFC')],
    ...searchAssets(entries).map(([name, content]): [string, string] => [`assets/${name}`, content]),
  ];
}
