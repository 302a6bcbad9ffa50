/**
 * Search without a server: the seed's site in Debian's Chromium over HTTP (its CSP on). The
 * search page finds chapter 6 by its text, by a date only the markup gives and by a name only
 * the register gives; without JavaScript it says so; axe-core and html-validate find nothing
 * serious; it works from file:// too; a warm rebuild (from the build cache) writes the same
 * index. Then the split index on a made-up edition of 700 units (see that block).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HtmlValidate } from 'html-validate';
import { build } from '../src/index.js';
import MiniSearch from 'minisearch';
import { fieldText, foldTerm, forgivesTypo, invert, SEARCH_FIELDS, searchFiles, searchFilesIn, tokenize, type SearchBase, type SearchEntry } from '../src/site/search.js';
import { root } from './helpers.js';
import { buildSite, launchChromium, serve, type Server, type Site } from './site.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(root, 'test-output', 'screenshots');

let site: Site;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  site = await buildSite('tei');
  server = await serve(site.out);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
});

/** The files of the split index (assets/search/) with their text, by path under that folder. */
function indexFiles(out: string): Map<string, string> {
  const folder = join(out, 'assets', 'search');
  return new Map(readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(folder, f)).isFile()).sort().map((f) => [f, readFileSync(join(folder, f), 'utf8')]));
}

/** A new tab on `path`, recording console errors, uncaught exceptions and failed requests. */
async function open(path: string, javaScriptEnabled = true): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.location().url !== `${server.url}favicon.ico`) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('close', () => void context.close());
  const response = await page.goto(server.url + path, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, problems };
}

/** Type a query, submit it, and give the results: title, link, where, snippet. */
async function search(page: Page, query: string) {
  await page.fill('#search-query', query);
  await page.press('#search-query', 'Enter');
  await page.waitForFunction((q) => document.getElementById('search-status')?.textContent?.includes(q), query);
  return page.$$eval('#search-results li', (items) => items.map((li) => ({
    title: li.querySelector('a')!.textContent,
    href: li.querySelector('a')!.getAttribute('href')!,
    where: li.querySelector('.result-where')!.textContent,
    snippet: li.querySelector('.result-snippet')!.textContent,
    marked: [...li.querySelectorAll('mark')].map((m) => m.textContent),
  })));
}

describe('the search page', () => {
  it('is linked from the contents, the volume\'s page and every unit page', () => {
    for (const page of ['index.html', 'frus1944v07/index.html', 'frus1944v07/ch6.html']) {
      const html = readFileSync(join(site.out, page), 'utf8');
      expect(html, page).toMatch(page === 'index.html' ? /<a href="search\.html">Search<\/a>/ : /<a href="\.\.\/search\.html">Search<\/a>/);
    }
  });

  it('finds chapter 6 by "Galo Plaza", with a snippet, and links to the place', async () => {
    const { page, problems } = await open('search.html');
    const results = await search(page, 'Galo Plaza');
    expect(results).toHaveLength(1);
    const [chapter] = results;
    expect(chapter!.title).toMatch(/^Attitude of the United States/);
    expect(chapter!.href).toBe('frus1944v07/ch6.html#:~:text=Galo%20Plaza');
    expect(chapter!.where).toBe('Foreign Relations of the United States: Diplomatic Papers, 1944, The American Republics, Volume VII, p. 171');
    expect(chapter!.snippet).toContain('the Ecuadoran Ambassador (Galo Plaza) told the Under Secretary');
    expect(chapter!.marked).toEqual(['Galo', 'Plaza']);
    expect(await page.textContent('#search-status')).toBe('1 unit found for “Galo Plaza”.');
    await page.click('#search-results a');
    await page.waitForURL(/ch6\.html/);
    expect(new URL(page.url()).pathname).toBe('/frus1944v07/ch6.html');
    expect(await page.textContent('h1')).toMatch(/^Attitude of the United States/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds it by a date only the markup gives, by a name only the register gives, without accents, and says when nothing is found', async () => {
    const { page, problems } = await open('search.html');
    // The text reads "November 27" without a year: the date field holds 1944-11-27.
    expect(readFileSync(join(site.out, 'frus1944v07/ch6.txt'), 'utf8')).not.toContain('November 27, 1944');
    expect((await search(page, '1944-11-27')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html']);
    expect((await search(page, 'November 27, 1944')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=November%201944']);
    // "Lasso" and "Reilly" stand only in the register of names (Galo Plaza Lasso, Edward Reilly Stettinius Jr.).
    const lasso = await search(page, 'Lasso');
    expect(lasso.map((r) => r.href)).toEqual(['frus1944v07/ch6.html']);
    expect(lasso[0]!.snippet.startsWith('Attitude of the United States')).toBe(true);
    expect((await search(page, 'Edward Reilly Stettinius')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=Stettinius']);
    const rios = await search(page, 'Rios');
    expect(rios.map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=R%C3%ADos']);
    expect(rios[0]!.marked).toEqual(['Ríos']);
    // The last word may be the start of one; a long word forgives a typo, but not in its first letter.
    expect((await search(page, 'Grom')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=Gromyko']);
    expect((await search(page, 'Stetinius')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=Stettinius']);
    expect(await search(page, 'Xtettinius')).toEqual([]);
    expect(await search(page, 'Zanzibar')).toEqual([]);
    expect(await page.textContent('#search-status')).toBe('Nothing found for “Zanzibar”.');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs a search given in the address', async () => {
    const { page } = await open('search.html?q=Gromyko');
    await page.waitForSelector('#search-results li');
    expect(await page.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')))).toEqual(['frus1944v07/ch6.html#:~:text=Gromyko']);
    await page.close();
  });

  it('without JavaScript says that search needs it and links to the contents', async () => {
    const { page } = await open('search.html', false);
    expect(await page.isVisible('#search-fallback')).toBe(true);
    expect(await page.textContent('#search-fallback')).toMatch(/^Search needs JavaScript/);
    expect(await page.getAttribute('#search-fallback a', 'href')).toBe('index.html');
    expect(await page.isVisible('#search-form')).toBe(false);
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core), with results shown; screenshot saved', async () => {
    const { page } = await open('search.html');
    await search(page, 'Soviet Union');
    expect(await page.isVisible('#search-fallback')).toBe(false);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'search.png'), fullPage: true });
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null; help: string }[] }> } }).axe;
      return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.close();
  });

  it('is valid HTML (html-validate, recommended rules)', async () => {
    // As in test/html-validate.test.ts: the edition's title may be long.
    const validator = new HtmlValidate({ root: true, extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });
    const report = await validator.validateString(readFileSync(join(site.out, 'search.html'), 'utf8'), 'search.html');
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
  });

  it('loads only the site\'s own scripts, under a policy that allows nothing else', () => {
    const html = readFileSync(join(site.out, 'search.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!.replace(/&#x27;/g, "'");
    expect(csp).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'");
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      '<script src="assets/minisearch.js" defer>', '<script src="assets/search/index.js" defer>', '<script src="assets/search.js" defer>',
    ]);
  });

  it('works from file://: the pieces of the index are script files, which a page opened from disk may load', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${pathToFileURL(join(site.out, 'search.html')).href}?q=Gromyko`);
      await page.waitForSelector('#search-results li');
      expect(await page.textContent('#search-status')).toBe('1 unit found for “Gromyko”.');
      expect(await page.getAttribute('#search-results a', 'href')).toBe('frus1944v07/ch6.html#:~:text=Gromyko');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows markup in the text of a hostile document as text: no script, no dialog', async () => {
    const hostile = await buildSite(['test/fixtures/hostile/markup-in-text.xml', 'test/fixtures/hostile/injection.xml']);
    const on = await serve(hostile.out);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    try {
      await page.goto(`${on.url}search.html?q=${encodeURIComponent('script alert')}`);
      await page.waitForSelector('#search-results li');
      expect(await page.textContent('#search-results')).toContain('<script>alert(');
      expect(await page.$$eval('#search-results script, #search-results img, #search-results svg, #search-results iframe', (found) => found.length)).toBe(0);
      expect(await page.$$eval('#search-results a', (links) => links.every((a) => /^[\w%.-]+\/[\w.-]+\.html(#|$)/.test(a.getAttribute('href')!)))).toBe(true);
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
      await on.close();
      hostile.remove();
    }
  });

  it('a warm rebuild takes the units from the build cache and writes the same index', async () => {
    const index = indexFiles(site.out);
    expect(index.get('units/0.js')).toContain('Galo Plaza');
    const again = await build({ input: join(root, 'tei'), out: site.out, cwd: root });
    expect(again.cached).toBe(1);
    expect(indexFiles(site.out)).toEqual(index);
  });

  it('keeps in its folder only what the index has: a smaller edition leaves no units or shards behind, nor the one-file index of earlier builds', async () => {
    const both = await buildSite(['tei', '../shared/corpus/frus/frus1943v06_d226.xml']);
    try {
      expect(indexFiles(both.out).has('units/1.js')).toBe(true);
      writeFileSync(join(both.out, 'assets', 'search-index.js'), '// the one-file index of an earlier editio\n');
      await build({ input: join(root, 'tei'), out: both.out, cwd: root });
      expect(existsSync(join(both.out, 'assets', 'search-index.js'))).toBe(false);
      const files = [...indexFiles(both.out).keys()].map((f) => `assets/search/${f}`).sort();
      expect(files).toEqual(searchFilesIn(both.out).filter((f) => f.startsWith('assets/search/')).sort());
      expect(files).toContain('assets/search/units/0.js');
      expect(files).not.toContain('assets/search/units/1.js');
    } finally {
      both.remove();
    }
  });
});

/**
 * The split index on an edition large enough to be cut into many shards: 700 made-up units (a
 * seeded generator: words of syllables, some accented, names, dates) written as search.html and
 * its assets, no build needed. The page must find and rank exactly what one MiniSearch index of
 * all of them finds, by the rules of the search page, while loading only the pieces a query needs.
 */
describe('the split index', () => {
  const SYLLABLES = ['ba', 'ka', 'lo', 'mi', 'ra', 'to', 've', 'zu', 'ne', 'di', 'ga', 'pe', 'sho', 'tri'];
  let entries: SearchEntry[];
  let folder: string;
  let on: Server;

  /** Mulberry32: the same numbers every run. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function edition(): SearchEntry[] {
    const next = random(15);
    const pick = <T,>(list: T[]) => list[Math.floor(next() * list.length)]!;
    const word = () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(SYLLABLES)).join('');
    // A vocabulary with a few very common words and a long tail, some with accents.
    const vocabulary = Array.from({ length: 2500 }, (_, i) => (i % 23 === 5 ? word().replace('e', 'é') : word()));
    const zipf = () => vocabulary[Math.floor(vocabulary.length ** next()) - 1]!;
    const names = Array.from({ length: 40 }, () => `${word()} ${word()}`.replace(/\b\w/g, (c) => c.toUpperCase()));
    return Array.from({ length: 700 }, (_, n) => {
      const day = `194${Math.floor(next() * 6)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`;
      return {
        href: `v${n % 3}/u${n}.html`,
        title: Array.from({ length: 6 }, zipf).join(' '),
        volume: `Volume ${n % 3}`,
        text: `[Page ${n + 1}] ${Array.from({ length: 80 + Math.floor(next() * 220) }, zipf).join(' ')}.`,
        names: [pick(names), pick(names)],
        dates: [`${day} ${day}`],
      };
    });
  }

  /** What one MiniSearch index of every unit finds, by the search page's rules, best first, equal scores in the contents' order. */
  let whole: MiniSearch<SearchEntry & { id: number }> | undefined;
  /** One MiniSearch index of all the units, made by MiniSearch itself. */
  function expectedIndex(): MiniSearch<SearchEntry & { id: number }> {
    const index = new MiniSearch<SearchEntry & { id: number }>({ fields: SEARCH_FIELDS, processTerm: foldTerm, tokenize, extractField: fieldText });
    index.addAll(entries.map((entry, id) => ({ ...entry, id })));
    return index;
  }
  function expected(query: string): string[] {
    const index = (whole ??= expectedIndex());
    const first = new Set(tokenize(query).map((t) => foldTerm(t)[0]));
    return index.search(query, {
      boost: { title: 3, names: 2, dates: 2 }, combineWith: 'AND',
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
      fuzzy: (term) => (forgivesTypo(term) ? 0.2 : 0),
      // A typo in the first letter is not forgiven.
      boostDocument: (_id, term) => (first.has(term[0]!) ? 1 : 0),
    }).sort((a, b) => b.score - a.score || a.id - b.id).map((r) => entries[r.id as number]!.href);
  }

  beforeAll(async () => {
    entries = edition();
    folder = mkdtempSync(join(tmpdir(), 'editio-split-'));
    for (const [path, content] of searchFiles('Made-up edition', entries)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    for (const asset of readdirSync(join(root, 'templates', 'assets'))) copyFileSync(join(root, 'templates', 'assets', asset), join(folder, 'assets', asset));
    on = await serve(folder);
  });

  afterAll(async () => {
    await on?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Search on a fresh page; the results' links (without the place), the status and the pieces the query loaded. */
  async function searchFor(query: string) {
    const page = await browser.newPage();
    const loaded: string[] = [];
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && problems.push(m.text()));
    try {
      await page.goto(`${on.url}search.html`, { waitUntil: 'networkidle' });
      page.on('request', (r) => loaded.push(r.url().slice(on.url.length)));
      const results = await search(page, query);
      expect(problems).toEqual([]);
      return { hrefs: results.map((r) => r.href.replace(/#.*/, '')), status: await page.textContent('#search-status'), loaded };
    } finally {
      await page.close();
    }
  }

  it('is inverted exactly as MiniSearch indexes the units: the same postings, field lengths and average lengths', () => {
    const inverted = invert(entries);
    whole ??= expectedIndex();
    const made = whole.toJSON();
    const terms = Object.fromEntries(made.index.map(([term, fields]) => [term, fields]));
    expect(inverted.terms.size).toBe(made.index.length);
    for (const [term, fields] of inverted.terms) {
      // Postings are flat, [unit, count, unit, count, …]; MiniSearch's are { unit: count }.
      const pairs = (units: number[]) => Array.from({ length: units.length / 2 }, (_, i) => [units[2 * i], units[2 * i + 1]]);
      expect(Object.fromEntries([...fields.entries()].filter(([, units]) => units).map(([f, units]) => [f, Object.fromEntries(pairs(units!))])), term).toEqual(terms[term]);
    }
    expect(inverted.fieldLength).toEqual(entries.map((_, id) => (made.fieldLength as Record<string, number[]>)[id]));
    expect(inverted.averageFieldLength).toEqual(made.averageFieldLength);
  });

  it('is cut into many shards, and its base is small', () => {
    const base = readFileSync(join(folder, 'assets', 'search', 'index.js'), 'utf8');
    const shards = readdirSync(join(folder, 'assets', 'search', 'terms'));
    expect(shards.length).toBeGreaterThan(10);
    expect(Buffer.byteLength(base)).toBeLessThan(20_000);
    // The words that start with "tri" fill more than one shard: a search for "tri" needs them all.
    const firsts = (JSON.parse(base.slice(base.indexOf('=') + 1, base.lastIndexOf(';'))) as SearchBase).shards;
    const tri = entries.flatMap((e) => tokenize(e.text)).filter((w) => w.startsWith('tri')).sort()[0]!;
    expect(firsts.some((first) => first.startsWith('tri') && first > tri)).toBe(true);
  });

  /** Words of the made-up text, folded. */
  const textWords = (n: number) => tokenize(entries[n]!.text).map(foldTerm);
  const longWord = (n: number) => textWords(n).find((w) => w.length >= 9)!;
  const accented = () => entries.flatMap((e) => tokenize(e.text)).find((w) => w.includes('é'))!;

  it.each<[string, () => string]>([
    ['a common word', () => textWords(0)[0]!],
    ['two words, the last one the start of others', () => `${textWords(1)[0]} ${textWords(2)[0]!.slice(0, 3)}`],
    ['the start of many words, over several shards', () => 'tri'],
    ['a long word with a typo', () => { const w = longWord(5); return w.slice(0, 4) + (w[4] === 'x' ? 'y' : 'x') + w.slice(5); }],
    ['a word without its accent', () => foldTerm(accented())],
    ['a word with its accent, in capitals', () => accented().toUpperCase()],
    ['a date', () => entries[7]!.dates[0]!.split(' ')[0]!],
    ['a name the text does not hold', () => entries[3]!.names[0]!.split(' ')[1]!],
  ])('finds and ranks as the whole index would: %s', async (_what, make) => {
    const query = make();
    const want = expected(query);
    expect(want.length, query).toBeGreaterThan(0);
    const { hrefs, status } = await searchFor(query);
    expect(hrefs, query).toEqual(want.slice(0, 50));
    expect(status).toBe(`${want.length === 1 ? '1 unit' : `${want.length} units`} found for “${query}”${want.length > 50 ? '; the first 50 are shown' : ''}.`);
  });

  it('loads for a query only the pieces it needs: the shards of its word, and the texts of the units shown', async () => {
    // A short word (no typos to look for), of those with the fewest units.
    const [rare] = [...new Set(textWords(11).filter((w) => w.length <= 5))].map((w) => [w, expected(w).length] as const).sort((a, b) => a[1] - b[1]);
    const { hrefs, loaded } = await searchFor(rare![0]);
    expect(hrefs.length).toBe(Math.min(50, rare![1]));
    const shards = loaded.filter((u) => u.startsWith('assets/search/terms/'));
    expect(shards.length).toBeGreaterThan(0);
    expect(shards.length).toBeLessThanOrEqual(2);
    expect(loaded.filter((u) => u.startsWith('assets/search/units/')).sort()).toEqual(hrefs.map((h) => `assets/search/units/${entries.findIndex((e) => e.href === h)}.js`).sort());
    expect(loaded.every((u) => u.startsWith('assets/search/terms/') || u.startsWith('assets/search/units/'))).toBe(true);
  });

  it('forgives no typo in the first letter, and none in a number or a date', async () => {
    const long = longWord(20);
    const wrongFirst = (long[0] === 'x' ? 'y' : 'x') + long.slice(1);
    expect((await searchFor(wrongFirst)).hrefs).toEqual([]);
    const date = entries[7]!.dates[0]!.split(' ')[0]!;
    const otherDay = date.slice(0, -1) + (date.endsWith('9') ? '8' : '9');
    const { hrefs } = await searchFor(otherDay);
    expect(hrefs).toEqual(expected(otherDay).slice(0, 50));
    expect(hrefs.every((h) => entries.find((e) => e.href === h)!.dates.some((d) => d.startsWith(otherDay)))).toBe(true);
  });
});
