/**
 * The pages about the whole edition, built from the seed: the registers of persons, places and
 * organisations, the chronology and the archival files; their links to the unit pages and back;
 * their validity, determinism and the warm rebuild from the cache.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HtmlValidate } from 'html-validate';
import { build, render } from '../src/index.js';
import { decodeFileNumber, fileSummary } from '../src/site/decimal.js';
import { sentenceAround } from '../src/site/chronology.js';
import { root, seed } from './helpers.js';
import { buildSite, type Site } from './site.js';

const PAGES = ['persons.html', 'places.html', 'organisations.html', 'chronology.html', 'files.html'];
let site: Site;
const read = (path: string) => readFileSync(join(site.out, path), 'utf8');
/** The text of an HTML fragment, tags dropped and spaces squeezed. */
const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
/** The section of a page whose id is `id`. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="entry" id="${id}"`) >= 0 ? html.indexOf(`<section class="entry" id="${id}"`) : html.indexOf(`id="${id}"`);
  expect(start, `#${id}`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start));
}
/** Every id on a page. */
const ids = (html: string) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);

beforeAll(async () => {
  site = await buildSite('tei');
});
afterAll(() => site.remove());

describe('the registers', () => {
  it('give Gromyko his authority data and his mentions, with unit and page, as printed', () => {
    const entry = section(read('persons.html'), 'gromyko-andrei');
    expect(text(entry)).toContain('Andrei Andreyevich Gromyko');
    expect(text(entry)).toContain('Ambassador of the Union of Soviet Socialist Republics to the United States (between 1943 and 1946)');
    expect(text(entry)).toContain('identified in FRUS 1943, vol. III, doc. 431');
    const mentions = [...entry.matchAll(/<a class="mention" href="([^"]*)">([^<]*)<\/a>(?: <span class="as-printed">\(([^)]*)\)<\/span>)?/g)].map((m) => [m[1], m[2], m[3]]);
    expect(mentions).toEqual([
      ['frus1944v07/ch6.html#m-gromyko-andrei', 'p. 171: Gromyko', 'Soviet Ambassador'],
      ['frus1944v07/ch6.html#m-gromyko-andrei-2', 'p. 171: Soviet Ambassador', undefined],
    ]);
    expect(entry).toContain('<a class="mention-unit" href="frus1944v07/ch6.html">Attitude of the United States');
  });

  it('link each mention to an anchor on the name in the unit page, and each name there back to its entry', () => {
    const chapter = read('frus1944v07/ch6.html');
    expect(chapter).toMatch(/<a class="name person" href="\.\.\/persons\.html#gromyko-andrei" title="Andrei Andreyevich Gromyko" id="m-gromyko-andrei">Gromyko<\/a>/);
    expect(chapter).toMatch(/<a class="name person" href="\.\.\/persons\.html#gromyko-andrei"[^>]* id="m-gromyko-andrei-2">Soviet Ambassador<\/a>/);
    // Every mention, date and file link of the site pages lands on an id of the chapter.
    const targets = new Set(ids(chapter));
    for (const page of PAGES) {
      const links = [...read(page).matchAll(/href="frus1944v07\/ch6\.html#([^"]+)"/g)].map((m) => m[1]!);
      expect(links.length, page).toBeGreaterThan(0);
      expect(links.filter((id) => !targets.has(id)), page).toEqual([]);
    }
    // And every name link of the chapter lands on an entry of a register.
    const entries = new Map(PAGES.slice(0, 3).map((p) => [p, new Set(ids(read(p)))]));
    const names = [...chapter.matchAll(/href="\.\.\/(persons|places|organisations)\.html#([^"]+)"/g)];
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter(([, page, id]) => !entries.get(`${page}.html`)!.has(id!)).map((m) => m[0])).toEqual([]);
  });

  it('count anchors per unit: the whole text on one page (editio render) qualifies them with the unit', async () => {
    const whole = await render(seed, 'html');
    expect(whole).toContain('<a class="name person" href="#gromyko-andrei" title="Andrei Andreyevich Gromyko" id="ch6-m-gromyko-andrei">Gromyko</a>');
    const all = ids(whole);
    expect(all.length - new Set(all).size).toBe(0);
  });

  it('keep the per-page register, whose names lead to the site register', () => {
    const chapter = read('frus1944v07/ch6.html');
    expect(chapter).toContain('<li id="gromyko-andrei"><a class="record-name" href="../persons.html#gromyko-andrei">Andrei Andreyevich Gromyko</a>');
  });

  it('give identifier links, places and organisations their own pages, and no one unmentioned', () => {
    expect(section(read('persons.html'), 'boal-pierre')).toContain('<a class="identifier" href="https://history.state.gov/departmenthistory/people/boal-pierre-de-lagarde">');
    expect(section(read('persons.html'), 'plaza-galo')).toContain('<a class="identifier" href="https://viaf.org/viaf/52496047">VIAF 52496047</a>');
    expect(text(section(read('places.html'), 'ussr'))).toMatch(/Union of Soviet Socialist Republics .*p\. 171: Soviet Russia/);
    expect(text(section(read('organisations.html'), 'department-of-state'))).toContain('p. 171: Government of the United States');
    // Persons sorted by surname: Armour, Boal, Dorado, Duggan, Gromyko, Mora, Plaza, Ríos, Stettinius.
    const order = [...read('persons.html').matchAll(/<section class="entry" id="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['armour-norman', 'boal-pierre', 'dorado-carlos', 'duggan-laurence', 'gromyko-andrei', 'mora-marcial', 'plaza-galo', 'rios-juan-antonio', 'stettinius-edward']);
  });
});

describe('the chronology', () => {
  it('lists April 1, 1943 before January 1, 1944, each in its sentence, linked to the date', () => {
    const page = read('chronology.html');
    const april = page.indexOf('<time datetime="1943-04-01">April 1, 1943</time>');
    const january = page.indexOf('<time datetime="1944-01-01">January 1, 1944</time>');
    expect(april).toBeGreaterThan(0);
    expect(january).toBeGreaterThan(april);
    const dates = [...page.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1]);
    expect(dates).toEqual(['1942', '1943-04-01', '1944-01-01', '1944-08', '1944-08-30', '1944-09-27', '1944-11', '1944-11-27']);
    expect(text(page)).toContain('On April 1, 1943, the Adviser on Political Affairs (Duggan) while on a visit to Chile had a conversation with the Chilean President (Ríos). Attitude of the United States');
    expect(page).toContain('<mark>April 1, 1943</mark>');
    expect(page).toContain('href="frus1944v07/ch6.html#date-1943-04-01"');
    expect(read('frus1944v07/ch6.html')).toContain('<time class="date" id="date-1943-04-01" datetime="1943-04-01">April 1, 1943</time>');
    // The sentence ends at its full stop, before the next one and the file numbers.
    expect(text(page)).toContain('Soviet Union, p. 171 November 27, 1944 This was done on November 27. Attitude');
  });

  it('offers a year filter as links to the years', () => {
    const page = read('chronology.html');
    expect(page).toMatch(/<nav class="years" aria-label="Years">\s*<ul><li><a href="#all-years">All years<\/a><\/li><li><a href="#y1942">1942<\/a><\/li><li><a href="#y1943">1943<\/a><\/li><li><a href="#y1944">1944<\/a><\/li><\/ul>/);
    for (const year of ['y1942', 'y1943', 'y1944']) expect(page).toContain(`<section class="year" id="${year}"`);
  });

  it('finds sentences without taking an abbreviation or an initial for their end', () => {
    expect(sentenceAround({ before: 'He left. Mr. Armour replied on ', printed: 'May 2', after: ' to E. R. Perkins. Then more.' }))
      .toEqual({ before: 'Mr. Armour replied on ', date: 'May 2', after: ' to E. R. Perkins.' });
    expect(sentenceAround({ before: 'It ended. ', printed: 'In 1944', after: ', it began again' })).toEqual({ before: '', date: 'In 1944', after: ', it began again' });
  });
});

describe('the archival files', () => {
  it('group the seed\'s decimal files by file, decoded strictly by the facts', () => {
    const page = read('files.html');
    const files = [...page.matchAll(/<span class="file-number">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(files).toEqual(['722.61', '724.61', '725.61', '825.00', '861.01']);
    const bolivia = text(section(page, 'file-724_61'));
    expect(bolivia).toContain('724.61 Political relations of states: Bolivia (24) and Russia / Soviet Union (61)');
    expect(bolivia).toMatch(/724\.61\/2: paper no\. 2 in the file cited in Attitude .*, p\. 170 724\.61\/9–2744: dated September 27, 1944 \(Central Decimal File, 1940–44\) cited in Attitude .*, p\. 170/);
    const ussr = text(section(page, 'file-861_01'));
    expect(ussr).toContain('861.01 Internal affairs of states: Russia / Soviet Union (61)');
    expect(ussr).toMatch(/subject \.01\s*not decoded/);
    expect(ussr).toMatch(/861\.01\/11–2144: dated November 21, 1944 .* 861\.01\/11–2244: dated November 22, 1944 .*\(printed “2244”\)/);
    expect(text(section(page, 'file-825_00'))).toContain('Internal affairs of states: Chile (25), political affairs');
    expect(page).toContain('href="frus1944v07/ch6.html#file-861_01_11_2244"');
    expect(read('frus1944v07/ch6.html')).toContain('<span class="decimal-file" data-file="861.01/11–2244" id="file-861_01_11_2244">2244</span>');
  });

  it('leave what the facts do not establish undecoded', () => {
    const later = decodeFileNumber('611.0031/3–1552');
    expect(later.fileParts).toEqual([{ part: '611.0031', what: 'file number (1950–63 scheme, not decoded)' }]);
    expect(later.date?.text).toBe('March 15, 1952');
    const unknown = decodeFileNumber('840.50/118a');
    expect(unknown.fileParts.map((p) => p.meaning)).toEqual(['internal affairs of states', undefined, undefined]);
    expect(unknown.paperPart).toEqual({ part: '118a', what: 'paper number' });
    expect(fileSummary(decodeFileNumber('740.0011 European War 1939/31'))).toBe('the main Second World War file');
    expect(fileSummary(decodeFileNumber('711.40/5'))).toBe('Political relations of states: United States (11) and country 40 (not decoded)');
    expect(decodeFileNumber('724.61/2–3044').date).toBeUndefined(); // February 30 is no date: a number, not decoded as one
    expect(decodeFileNumber('924.61/2').fileParts[0]).toEqual({ part: '9', what: 'class', meaning: undefined });
  });
});

/** A small TEI document with one chapter, its records and its text. */
function tei(id: string, records: string, body: string): { file: string; text: string } {
  return {
    file: join(root, `${id}.xml`),
    text: `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>${id}</title></titleStmt>
<publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader>
<standOff>${records}</standOff><text><body><pb n="5"/><div type="chapter" xml:id="c1"><head>Chapter of ${id}</head>${body}</div></body></text></TEI>`,
  };
}

describe('across documents', () => {
  it('keeps records of one id but different names apart, joins those of the same, and lists only what a page shows', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editio-registers-'));
    try {
      const smith = '<listPerson><person xml:id="p1"><persName>Jane Smith</persName></person></listPerson>';
      const jones = '<listPerson><person xml:id="p1"><persName>John Jones</persName></person></listPerson>';
      const report = await build({
        input: [
          tei('alpha', smith, '<p>Ms. <persName ref="#p1">Smith</persName> wrote <date notBefore="1950-03" notAfter="1950-05">that spring</date>. <choice><abbr><persName ref="#p1">S.</persName></abbr><expan><persName ref="#p1">Smith</persName></expan></choice> left.</p>'),
          tei('beta', smith, '<p>Then <persName ref="#p1">Jane Smith</persName> came on <date when="1949-12-31">New Year’s Eve</date>.</p>'),
          tei('gamma', jones, '<p>And <persName ref="#p1">Jones</persName> stayed.</p>'),
        ],
        out, cwd: root, validate: false,
      });
      expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const persons = readFileSync(join(out, 'persons.html'), 'utf8');
      const entries = [...persons.matchAll(/<section class="entry" id="([^"]+)"[\s\S]*?<span class="entry-name">([^<]+)<\/span>/g)].map((m) => [m[1], m[2]]);
      expect(entries).toEqual([['p1', 'Jane Smith'], ['p1-2', 'John Jones']]);
      const mentions = [...persons.matchAll(/<a class="mention" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
      // The abbreviation the page does not show is no mention; the expansion it shows is.
      expect(mentions).toEqual(['alpha/c1.html#m-p1 p. 5: Smith', 'alpha/c1.html#m-p1-3 p. 5: Smith', 'beta/c1.html#m-p1 p. 5: Jane Smith', 'gamma/c1.html#m-p1 p. 5: Jones']);
      expect(readFileSync(join(out, 'alpha', 'c1.html'), 'utf8')).toContain('id="m-p1-3">Smith</a>');
      const chronology = readFileSync(join(out, 'chronology.html'), 'utf8');
      expect(chronology.indexOf('New Year’s Eve')).toBeLessThan(chronology.indexOf('between March 1950 and May 1950'));
      expect(chronology).toContain('<li class="event uncertain">\n<p class="event-date">between March 1950 and May 1950</p>');
      expect(chronology).toContain('Ms. Smith wrote <mark>that spring</mark>.');
      // No file numbers: no archival files page.
      expect(() => readFileSync(join(out, 'files.html'))).toThrow();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the site pages', () => {
  it('are linked from the contents page and from each other', () => {
    const index = read('index.html');
    for (const [file, title] of [['persons.html', 'Persons'], ['places.html', 'Places'], ['organisations.html', 'Organisations'], ['chronology.html', 'Chronology'], ['files.html', 'Archival files']]) {
      expect(index).toContain(`<li><a href="${file}">${title}</a></li>`);
      expect(read(file)).toContain(`<li><a href="${file}" aria-current="page">${title}</a></li>`);
    }
  });

  it('are valid HTML with unique ids, load no script, and count as pages', async () => {
    const validator = new HtmlValidate({ root: true, extends: ['html-validate:recommended'], rules: { 'no-trailing-whitespace': 'off', 'long-title': 'off' } });
    for (const page of [...PAGES, 'index.html', 'frus1944v07/ch6.html']) {
      const html = read(page);
      const report = await validator.validateString(html, page);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${page}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
      const all = ids(html);
      expect(all.length - new Set(all).size, `${page}: ids used twice`).toBe(0);
    }
    for (const page of PAGES) {
      expect(read(page)).not.toMatch(/<script/);
      expect(read(page).replaceAll('&#x27;', "'")).toContain(`content="default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"`);
    }
    expect(site.report.pages).toBe(2 + PAGES.length);
  });

  it('are the same bytes from a second build, and from a warm rebuild out of the cache', async () => {
    const again = mkdtempSync(join(tmpdir(), 'editio-registers-'));
    try {
      await build({ input: seed, out: again, cwd: root });
      for (const page of PAGES) expect(readFileSync(join(again, page), 'utf8'), page).toBe(read(page));
      const warm = await build({ input: seed, out: again, cwd: root });
      expect(warm.cached).toBe(1);
      expect(warm.pages).toBe(2 + PAGES.length);
      for (const page of PAGES) expect(readFileSync(join(again, page), 'utf8'), `${page} (warm)`).toBe(read(page));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
