import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, render } from '../src/index.js';
import { searchFilesIn } from '../src/site/search.js';
import { editio, fixtures, liveMarkup, seed, shared } from './helpers.js';

const temporary = () => mkdtempSync(join(tmpdir(), 'editio-build-'));
const filesUnder = (folder: string) => readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('.')).sort();

describe('editio build', () => {
  it('writes a page and a text per citable unit, the contents page and the stylesheets', async () => {
    const out = temporary();
    const report = await build({ input: seed, out });
    // The search index is split into pieces under assets/search/ (test/search.test.ts): its base names them all.
    const searchIndex = searchFilesIn(out).filter((f) => f.startsWith('assets/search/'));
    expect(searchIndex).toEqual(expect.arrayContaining(['assets/search/index.js', 'assets/search/terms/0.js', 'assets/search/units/0.js']));
    expect(filesUnder(out).filter((f) => f.startsWith('assets/search/'))).toEqual([...searchIndex].sort());
    expect(filesUnder(out).filter((f) => !f.startsWith('assets/search/'))).toEqual([
      'assets/editio.css', 'assets/editio.js', 'assets/minisearch-LICENSE.txt', 'assets/minisearch.js', 'assets/print.css',
      'assets/search.js', 'assets/witnesses.js',
      'chronology.html', 'files.html', // the edition's chronology and archival files
      'frus1944v07/ch6.bib', 'frus1944v07/ch6.html', 'frus1944v07/ch6.json', 'frus1944v07/ch6.ris', 'frus1944v07/ch6.txt',
      'frus1944v07/index.html', 'frus1944v07/volume.bib', 'frus1944v07/volume.json', 'frus1944v07/volume.ris',
      'index.html',
      'organisations.html', 'persons.html', 'places.html', // and its registers
      'search.html',
    ]);
    expect(report).toMatchObject({ documents: 1, pages: 7, written: 23 + searchIndex.length, unchanged: 0, diagnostics: [] });
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="frus1944v07/ch6.html">Attitude of the United States with respect to the establishment of diplomatic relations between the American Republics and the Soviet Union</a> <span class="pages">pp. 170–171</span>');
  });

  it('gives each volume a page: its units in order with dates and pages, and the volume\'s citation', async () => {
    const out = temporary();
    const frus = join(shared, 'corpus', 'frus');
    await build({ input: ['frus1943v06_d226.xml', 'frus1943v06_d153.xml'].map((f) => join(frus, f)), out, jobs: 1 });
    const volume = readFileSync(join(out, 'frus1943v06', 'index.html'), 'utf8');
    expect(volume).toContain('<li><a href="d226.html">The Ambassador in Cuba (Braden) to the Secretary of State</a> <time class="date" datetime="1943-04-01T10:00:00">April 1, 1943</time> <span class="pages">pp. 245–246</span> <span class="unit-type">Document</span></li>');
    expect(volume).toContain('E. Ralph Perkins, Almon R. Wright, and David H. Stauffer, eds., <i>Foreign Relations of the United States: Diplomatic Papers, 1943</i>, vol. 6, <i>The American Republics</i>');
    expect(volume).toContain('<a href="volume.bib" download>BibTeX</a>');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<a href="frus1943v06/index.html">');
  });

  it('gives each page the meta tags Zotero reads as a book section, Dublin Core, and a strict CSP', async () => {
    const out = temporary();
    await build({ input: seed, out });
    const page = readFileSync(join(out, 'frus1944v07', 'ch6.html'), 'utf8');
    const meta = [...page.matchAll(/<meta name="([^"]+)" content="([^"]*)">/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(meta).toEqual(expect.arrayContaining([
      'citation_title=Attitude of the United States with respect to the establishment of diplomatic relations between the American Republics and the Soviet Union',
      'citation_book_title=The American Republics',
      'citation_series_title=Foreign Relations of the United States: Diplomatic Papers, 1944',
      'citation_volume=7',
      'citation_editor=E. Ralph Perkins', 'citation_editor=Almon R. Wright', 'citation_editor=David H. Stauffer', 'citation_editor=Velma Hastings Cassidy',
      'citation_firstpage=170', 'citation_lastpage=171',
      'citation_publisher=United States Government Printing Office',
      'citation_publication_date=1967',
      'citation_public_url=https://history.state.gov/historicaldocuments/frus1944v07/ch6',
      'DC.title=Attitude of the United States with respect to the establishment of diplomatic relations between the American Republics and the Soviet Union',
      'DC.type=Text',
    ]));
    expect(page).toContain('<link rel="canonical" href="https://history.state.gov/historicaldocuments/frus1944v07/ch6">');
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;; script-src &#x27;self&#x27;; style-src &#x27;self&#x27;;[^"]*">/);
    // One script, the site's own file (copy buttons); nothing inline.
    expect([...page.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="../assets/editio.js" defer>']);
    expect(page).not.toMatch(/\sstyle=|\son[a-z]+=/i);
  });

  it('is deterministic: two builds give byte-identical files, and a rebuild writes nothing', async () => {
    const [a, b] = [temporary(), temporary()];
    await build({ input: ['tei', join(fixtures, 'valid')], out: a });
    await build({ input: ['tei', join(fixtures, 'valid')], out: b });
    const files = filesUnder(a);
    expect(filesUnder(b)).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    const again = await build({ input: ['tei', join(fixtures, 'valid')], out: a });
    expect(again.written).toBe(0);
    expect(again.unchanged).toBe(files.length);
  });

  it('reports broken documents, builds the others, and leaves no half-written or temporary files', async () => {
    const out = temporary();
    const report = await build({ input: [seed, join(fixtures, 'invalid', 'malformed.xml'), join(fixtures, 'invalid', 'xxe.xml'), join(fixtures, 'invalid', 'impossible-date.xml')], out });
    expect(report.diagnostics.map((d) => `${relative(fixtures, d.file)} ${d.rule}`)).toEqual([
      'invalid/impossible-date.xml date-valid',
      'invalid/malformed.xml xml-wellformed',
      'invalid/xxe.xml xml-doctype',
    ]);
    // The invalid but readable document is still built; the unreadable ones are not.
    expect(filesUnder(out).filter((f) => /\.(html|txt)$/.test(f) && f.includes('/') && !f.startsWith('assets/'))).toEqual(['frus1944v07/ch6.html', 'frus1944v07/ch6.txt', 'frus1944v07/index.html', 'impossible-date/d1.html', 'impossible-date/d1.txt']);
    expect(filesUnder(out).filter((f) => !f.includes('/'))).toEqual(['chronology.html', 'files.html', 'index.html', 'organisations.html', 'persons.html', 'places.html', 'search.html']);
    expect(filesUnder(out).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('from the command line: exit 0 with where to open it, 1 when a document has errors', () => {
    const out = temporary();
    const ok = editio('build', 'tei', '--out', out);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('built 7 pages from 1 document');
    expect(ok.stderr).toContain(`open ${join(out, 'index.html')}`);
    const bad = editio('build', 'tei', 'test/fixtures/invalid/malformed.xml', '--out', temporary());
    expect(bad.stdout).toContain('test/fixtures/invalid/malformed.xml:16:52  error  xml-wellformed');
    expect(bad.status).toBe(1);
  });
});

describe('editio render', () => {
  it('writes HTML or text to stdout', () => {
    const html = editio('render', 'tei/frus1944v07-ch6.xml');
    expect(html.status).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    const text = editio('render', 'tei/frus1944v07-ch6.xml', '--to', 'text', '--width', '72');
    expect(Math.max(...text.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(72);
    expect(editio('render', 'tei/frus1944v07-ch6.xml', '--to', 'pdf').status).toBe(2);
    expect(editio('render', 'no/such.xml').status).toBe(2);
  });

  it('refuses a document it cannot read safely, with the reason, and prints nothing else', () => {
    const run = editio('render', 'test/fixtures/invalid/entity-bomb.xml');
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/entity-bomb\.xml:5:1 {2}error {2}xml-doctype/);
    expect(run.status).toBe(1);
  });
});

describe('hostile input in the HTML edition', () => {
  it('neutralises script URLs and escapes markup in text and attributes', async () => {
    const html = await render(join(fixtures, 'hostile', 'injection.xml'), 'html');
    expect(html).not.toMatch(/javascript:|vbscript:|data:text|data:image/i);
    // Attribute values and text are escaped; look at the tags themselves.
    expect(liveMarkup(html)).toEqual([]);
    expect(html).not.toMatch(/<img\b/);
    expect(html).toContain('A &lt;script&gt;alert("head")&lt;/script&gt; heading');
    expect(html).toContain('<a class="ref" href="https://example.org/?a=1&amp;b=2">six</a>');
    // The hostile links keep their words but lose their targets.
    for (const word of ['one', 'two', 'four', 'five']) expect(html).toContain(`<span class="ref">${word}</span>`);
    // "java&#x09;script:" is two pointers once XML normalises the tab: only the harmless relative "java" is kept.
    expect(html).not.toMatch(/script:/i);
    expect(existsSync(join(fixtures, 'hostile', 'injection.xml'))).toBe(true);
  });
});
