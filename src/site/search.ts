import { existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { searchHtml } from './layout.js';
import { FOOTER } from './page.js';

/**
 * Full-text search without a server, split so that a query loads only what it needs. The build
 * indexes every unit (its text, title, names and dates) as MiniSearch would, and cuts the index
 * into script files under `assets/search/`: a small base that the search page loads (the first term of
 * each shard, what the files of long words hold), the terms' postings in shards of neighbouring
 * terms, the long words by first letter and length (for typo tolerance), and each unit's text
 * (for the snippets of the results shown). Script files, not JSON fetched by the page: the page
 * reads them from any static host and from file:// alike, under a policy that allows the site's
 * own scripts and nothing more (no connect-src, no inline script). templates/assets/search.js
 * loads the pieces a query needs and searches them with MiniSearch itself
 * (`assets/minisearch.js`, copied from node_modules at build time), so a query scores and ranks
 * exactly as it would over the whole index.
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

/** The fields searched; the index's base carries them for the browser. */
export const SEARCH_FIELDS = ['title', 'names', 'dates', 'text'];

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

/**
 * Whether a query word forgives a typo: a long word (six letters or more) without digits. A number
 * or a date must be exact (1944-11-27 is not 1944-11-28). The same rule is in templates/assets/search.js.
 */
export function forgivesTypo(term: string): boolean {
  return term.length > 5 && !/\p{Nd}/u.test(term);
}

/** The postings of one shard take at most about this many characters (one common word's may take more). */
const SHARD_CHARACTERS = 16_000;

/** The text of one field of an entry, as it is searched (a list one item a line). */
export function fieldText(entry: SearchEntry, field: string): string {
  const value = (entry as unknown as Record<string, unknown>)[field];
  return Array.isArray(value) ? value.join('\n') : String(value ?? '');
}

/**
 * Per field (by its place in SEARCH_FIELDS), the units a term stands in, in order, and how often:
 * `[unit, count, unit, count, …]`. Flat arrays of small integers, not a Map per field: a 100 MB
 * volume's index holds millions of postings.
 */
export type Postings = number[][];

/** An index of the entries as MiniSearch makes one, before it is cut into pieces. */
export interface InvertedIndex {
  /** Per term (folded), its postings. */
  terms: Map<string, Postings>;
  /** Per unit, the length of each field: its distinct words, as MiniSearch counts them. */
  fieldLength: number[][];
  /** Per field, its average length, computed as MiniSearch computes it (to the last bit, for the same scores). */
  averageFieldLength: number[];
}

/**
 * The entries inverted, in their order (the contents' order), exactly as MiniSearch's `addAll`
 * would index them (test/search.test.ts holds it to that), in half its time: MiniSearch walks its
 * radix tree for every word of the text, and the page needs only the postings.
 */
export function invert(entries: SearchEntry[]): InvertedIndex {
  const folded = new Map<string, string>(); // most words recur: fold each once
  const terms = new Map<string, Postings>();
  const fieldLength: number[][] = [];
  const averageFieldLength = SEARCH_FIELDS.map(() => 0);
  entries.forEach((entry, unit) => {
    const lengths = SEARCH_FIELDS.map((field, f) => {
      const words = tokenize(fieldText(entry, field));
      const length = new Set(words).size;
      averageFieldLength[f] = (averageFieldLength[f]! * unit + length) / (unit + 1);
      for (const word of words) {
        let term = folded.get(word);
        if (term === undefined) folded.set(word, (term = foldTerm(word)));
        if (!term) continue;
        const fields = terms.get(term) ?? terms.set(term, []).get(term)!;
        const units = (fields[f] ??= []);
        // Units come in order: the unit being read, if the term has been seen in it, is the last.
        if (units[units.length - 2] === unit) units[units.length - 1]!++;
        else units.push(unit, 1);
      }
      return length;
    });
    fieldLength.push(lengths);
  });
  return { terms, fieldLength, averageFieldLength };
}

/**
 * A term's postings, compact: `field=units;field=units`, each unit as its difference from the
 * last one, then `.` and the length of the field in that unit (which scoring needs, so that the
 * page needs no table of all units), then `:count` when the term stands there more than once;
 * numbers in base 36. The decoder is in templates/assets/search.js.
 */
export function encodePostings(fields: Postings, fieldLength: number[][]): string {
  const encoded: string[] = [];
  fields.forEach((units, field) => {
    let last = 0;
    const list: string[] = [];
    for (let i = 0; i < units.length; i += 2) {
      const unit = units[i]!;
      const count = units[i + 1]!;
      list.push(`${(unit - last).toString(36)}.${fieldLength[unit]![field]!.toString(36)}${count > 1 ? `:${count.toString(36)}` : ''}`);
      last = unit;
    }
    encoded.push(`${field}=${list.join(',')}`);
  });
  return encoded.join(';');
}

/** A piece of the index that the search page loads on demand: a script that hands its data over. */
function piece(name: string, data: unknown): string {
  return `editioSearch.load(${JSON.stringify(name)},${JSON.stringify(data)});\n`;
}

/** The long words of one file take at most about this many characters (those of one length may take more). */
const WORDS_CHARACTERS = 8_000;

/**
 * The long words without digits (those a typo in a query word could mean), in files by first
 * letter and a range of lengths: `73-5-9` holds the words of 5 to 9 letters that start with "s".
 * A query word's typos are found among those of its first letter and about its length.
 */
function wordFiles(terms: string[]): Map<string, string[]> {
  const byLetter = new Map<number, Map<number, string[]>>();
  for (const term of terms) {
    if (term.length < 5 || /\p{Nd}/u.test(term)) continue; // a typo in a word of six letters is one letter from five
    const letter = term.codePointAt(0)!;
    const lengths = byLetter.get(letter) ?? byLetter.set(letter, new Map()).get(letter)!;
    const words = lengths.get(term.length) ?? lengths.set(term.length, []).get(term.length)!;
    words.push(term);
  }
  const files = new Map<string, string[]>();
  for (const [letter, lengths] of [...byLetter].sort(([a], [b]) => a - b)) {
    let group: [number, string[]][] = [];
    let size = 0;
    const close = () => {
      if (group.length) files.set(`${letter.toString(16)}-${group[0]![0]}-${group.at(-1)![0]}`, group.flatMap(([, words]) => words));
      group = [];
      size = 0;
    };
    for (const [length, words] of [...lengths].sort(([a], [b]) => a - b)) {
      const characters = words.length * (length + 3);
      if (size + characters > WORDS_CHARACTERS) close();
      group.push([length, words]);
      size += characters;
    }
    close();
  }
  return files;
}

/** How the base hands itself to the page (templates/assets/search.js reads it there). */
const BASE = 'window.editioSearchIndex = ';

/** What search.html loads before the first query. */
export interface SearchBase {
  fields: string[];
  documentCount: number;
  averageFieldLength: number[];
  /** The first term of each shard of postings, in order (`terms/N.js`). */
  shards: string[];
  /** The files of long words (`words/KEY.js`), KEY being the first letter's code point in hexadecimal, and the least and the most letters. */
  words: string[];
}

/**
 * The split index, as files relative to `assets/search/`: `index.js` (the base), `terms/N.js`
 * (the postings of neighbouring terms, in order), `words/KEY.js` (the long words without digits
 * of one first letter and some lengths, for typo tolerance) and `units/N.js` (each unit's page,
 * title, volume and text, for the results shown).
 */
export function* splitSearchIndex(entries: SearchEntry[]): Generator<[name: string, content: string]> {
  const index = invert(entries);
  // A term's postings are let go once encoded; the files are made one at a time as they are written.
  const terms = [...index.terms.keys()].sort().map((term): [string, string] => {
    const encoded = encodePostings(index.terms.get(term)!, index.fieldLength);
    index.terms.delete(term);
    return [term, encoded];
  });

  const shards: [string, string][][] = [];
  let size = Infinity;
  for (const term of terms) {
    const characters = term[0].length + term[1].length + 6;
    if (size + characters > SHARD_CHARACTERS) {
      shards.push([]);
      size = 0;
    }
    shards.at(-1)!.push(term);
    size += characters;
  }

  const words = wordFiles(terms.map(([term]) => term));

  const base: SearchBase = {
    fields: SEARCH_FIELDS,
    documentCount: entries.length,
    averageFieldLength: index.averageFieldLength,
    shards: shards.map((shard) => shard[0]![0]),
    words: [...words.keys()],
  };
  yield ['index.js', `// The search index of the edition, made by editio build (MiniSearch ${MINISEARCH_VERSION}); search.js loads the rest of it on demand.\n${BASE}${JSON.stringify(base)};\n`];
  for (const [n, shard] of shards.entries()) yield [`terms/${n}.js`, piece(`terms/${n}`, shard)];
  for (const [key, list] of words) yield [`words/${key}.js`, piece(`words/${key}`, list)];
  for (const [n, { href, title, volume, text }] of entries.entries()) yield [`units/${n}.js`, piece(`units/${n}`, { href, title, volume, text })];
}

const require = createRequire(import.meta.url);
// The package's folder, from its CommonJS entry (dist/cjs/index.cjs): its exports do not list package.json.
const MINISEARCH = join(dirname(require.resolve('minisearch')), '..', '..');
const MINISEARCH_VERSION = (JSON.parse(readFileSync(join(MINISEARCH, 'package.json'), 'utf8')) as { version: string }).version;

/** The folder of the split index, relative to the output folder. */
const INDEX_FOLDER = 'assets/search';

/** The scripts of the search page, in the order they run. */
const SEARCH_SCRIPTS = ['minisearch.js', 'search/index.js', 'search.js'];

/**
 * The search page and its assets, as paths relative to the output folder: the split index, and
 * MiniSearch for the browser (its UMD build, which a classic script can load, without its
 * source-map comment) with its licence. `search.js` itself is one of editio's assets
 * (templates/assets/), copied with the others. The files are made one at a time, as they are
 * written: together they hold every unit's text again.
 */
export function* searchFiles(title: string, entries: SearchEntry[]): Generator<[path: string, content: string]> {
  const library = readFileSync(join(MINISEARCH, 'dist', 'umd', 'index.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  yield ['search.html', searchHtml({ lang: 'en', title, footer: FOOTER, scripts: SEARCH_SCRIPTS }).normalize('NFC')];
  yield ['assets/minisearch.js', `/*! MiniSearch ${MINISEARCH_VERSION} by Luca Ongaro, MIT licence: see minisearch-LICENSE.txt */\n${library}`];
  yield ['assets/minisearch-LICENSE.txt', readFileSync(join(MINISEARCH, 'LICENSE.txt'), 'utf8')];
  for (const [name, content] of splitSearchIndex(entries)) yield [`${INDEX_FOLDER}/${name}`, content];
}

/**
 * The files of search that a build left in `out`, as the index's base names them (relative to
 * `out`): unchanged inputs need no new index only while every one of them is there.
 */
export function searchFilesIn(out: string): string[] {
  const fixed = ['search.html', 'assets/minisearch.js', 'assets/minisearch-LICENSE.txt', `${INDEX_FOLDER}/index.js`];
  let base: SearchBase;
  try {
    const script = readFileSync(join(out, INDEX_FOLDER, 'index.js'), 'utf8');
    base = JSON.parse(script.slice(script.indexOf(BASE) + BASE.length, script.lastIndexOf(';'))) as SearchBase;
  } catch {
    return fixed; // no index, or not one this editio made
  }
  return [
    ...fixed,
    ...base.shards.map((_, n) => `${INDEX_FOLDER}/terms/${n}.js`),
    ...base.words.map((key) => `${INDEX_FOLDER}/words/${key}.js`),
    ...Array.from({ length: base.documentCount }, (_, n) => `${INDEX_FOLDER}/units/${n}.js`),
  ];
}

/**
 * Remove what a smaller index no longer has (shards, units), once the new one is written: the
 * index folder holds nothing else. Also the single-file index of earlier editio builds.
 */
export function removeOldSearchFiles(out: string, written: string[]): void {
  const keep = new Set(written);
  const folder = join(out, INDEX_FOLDER);
  const files = existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((f) => `${INDEX_FOLDER}/${f.split('\\').join('/')}`) : [];
  for (const file of [...files, 'assets/search-index.js']) {
    if (keep.has(file) || !/\.js$/.test(file)) continue;
    try {
      unlinkSync(join(out, file));
    } catch {
      // already gone
    }
  }
}
