/**
 * Critical editions: the test edition (test/fixtures/critical/monroe-1823.xml, 46 apparatus
 * entries in three invented witnesses) validates, every apparatus rule fires on a broken copy
 * of it, and its reading text, witness texts and apparatus are what test/critical.ts works out
 * from the TEI on its own. Also the FRUS convention for printed corrections ("11 [8] p.m."),
 * the apparatus without lemmata, and the editorial interventions.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, render, RenderError, validate, type BuildReport } from '../src/index.js';
import { CRITICAL, Edition } from './critical.js';
import { editio, fixtures, seed } from './helpers.js';

const edition = new Edition(CRITICAL);
const source = readFileSync(CRITICAL, 'utf8');
const FRUS = join(fixtures, 'valid', 'frus-printed-correction.xml');
const NO_LEMMA = join(fixtures, 'valid', 'apparatus-without-lemma.xml');
const INTERVENTIONS = join(fixtures, 'valid', 'interventions.xml');

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The text of some HTML as a reader sees it: deletions (struck through) and tags left out, entities decoded. */
const htmlText = (html: string) =>
  squash(html.replace(/<del\b[^>]*>.*?<\/del>/gs, '').replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
/** The text on a page: from its heading to the notes, apparatus or register, or the end of the article. */
function bodyOf(page: string): string {
  const text = page.slice(page.indexOf('<h1'), page.indexOf('</article>'));
  const after = /<section class="(?:footnotes|apparatus|register)"/.exec(text);
  return after ? text.slice(0, after.index) : text;
}
/** Line and column of the first occurrence of `needle` in `text` (1-based), optionally of `within` inside it. */
function position(text: string, needle: string, within = ''): string {
  const at = text.indexOf(needle) + needle.indexOf(within);
  const before = text.slice(0, at);
  return `${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
}

describe('the test edition', () => {
  it('has at least three witnesses and 40 apparatus entries of every kind', () => {
    expect(edition.witnesses.map((w) => [w.id, w.siglum])).toEqual([['fair', 'A'], ['print', 'B'], ['C', 'C']]);
    expect(edition.apps.length).toBeGreaterThanOrEqual(40);
    const lines = edition.apparatusLines();
    expect(lines.filter((l) => / om\. /.test(l)).length).toBeGreaterThanOrEqual(5);
    expect(lines.filter((l) => /\) add\. /.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => / transp\. /.test(l)).length).toBeGreaterThanOrEqual(5);
    expect(lines.filter((l) => /\] [^(ota]/.test(l)).length).toBeGreaterThanOrEqual(20); // substitutions
  });

  it('is valid: the profile, the rules, and TEI P5 (the conformance test runs jing on every accepted fixture)', async () => {
    expect(await validate(CRITICAL)).toEqual([]);
  });
});

describe('the apparatus rules fire on broken copies of the test edition', () => {
  const check = async (text: string) => (await validate({ file: 'broken.xml', text })).map((d) => `${d.line}:${d.column} ${d.rule}`).sort();

  it('wit-declared: a reading names a witness the listWit does not declare', async () => {
    const broken = source.replace('<rdg wit="#print">sent</rdg>', '<rdg wit="#print #D">sent</rdg>');
    expect(await check(broken)).toEqual([`${position(broken, '<rdg wit="#print #D">', 'wit')} wit-declared`]);
  });

  it('app-lemma: an entry without its lemma', async () => {
    const broken = source.replace('<lem>through</lem>', '<rdg wit="#fair #print">through</rdg>');
    expect(await check(broken)).toEqual([`${position(broken, '<app><rdg wit="#fair #print">through')} app-lemma`]);
  });

  it('app-lemma: every entry, when the header declares an apparatus without lemmata', async () => {
    const broken = source.replace('location="internal"/>', 'location="internal" n="no-lemma"/>');
    const found = await check(broken);
    expect(found).toHaveLength(edition.apps.length);
    expect(new Set(found.map((f) => f.split(' ')[1]))).toEqual(new Set(['app-lemma']));
  });

  it('app-witnesses: a witness left without a reading', async () => {
    const broken = source.replace('<lem>had</lem>', '<lem wit="#fair">had</lem>');
    expect(await check(broken)).toEqual([`${position(broken, '<app><lem wit="#fair">had')} app-witnesses`]);
  });

  it('app-witness-repeated: a witness with two readings at one place', async () => {
    const broken = source.replace('<lem>had</lem><rdg wit="#print">has</rdg>', '<lem wit="#fair #C">had</lem><rdg wit="#print #C">has</rdg>');
    expect(await check(broken)).toEqual([`${position(broken, '<rdg wit="#print #C">has', 'wit')} app-witness-repeated`]);
  });
});

describe('the reading text and the witnesses, as text', () => {
  it.each([['lem'], ['fair'], ['print'], ['C']])('--reading %s gives that text, word for word', async (reading) => {
    const expected = edition.text(reading);
    expect(await render(CRITICAL, 'text', { reading })).toBe(expected);
    const cli = editio('render', CRITICAL, '--to', 'text', '--reading', reading);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toBe(expected);
  });

  it('the witnesses really differ, each from the others and from the reading text', () => {
    const texts = ['lem', 'fair', 'print', 'C'].map((r) => edition.text(r));
    expect(new Set(texts).size).toBe(4);
  });

  it('a witness can be named by its siglum', async () => {
    expect(await render(CRITICAL, 'text', { reading: 'B' })).toBe(edition.text('print'));
  });

  it('a witness the document does not have is a usage error', async () => {
    await expect(render(CRITICAL, 'text', { reading: 'Z' })).rejects.toThrow(RenderError);
    await expect(render(CRITICAL, 'text', { reading: 'Z' })).rejects.toThrow(/no witness "Z": the witnesses are fair \(A\), print \(B\), C/);
    const cli = editio('render', CRITICAL, '--to', 'text', '--reading', 'Z');
    expect(cli.status).toBe(2);
    expect(cli.stdout).toBe('');
    expect(editio('render', seed, '--to', 'text', '--reading', 'A').stderr).toMatch(/reading-unknown .*declares no witnesses/);
  });

  it('without --reading, a document with no apparatus renders exactly as before', async () => {
    expect(await render(seed, 'text', { reading: 'lem', apparatus: true })).toBe(await render(seed, 'text'));
  });
});

describe('--apparatus: the plain-text apparatus after the text', () => {
  let text = '';
  beforeAll(async () => {
    const cli = editio('render', CRITICAL, '--to', 'text', '--apparatus');
    expect(cli.status).toBe(0);
    text = cli.stdout;
    expect(await render(CRITICAL, 'text', { apparatus: true })).toBe(text);
  });

  it('gives the reading text with a marker "⁽n⁾" at each entry, the markers in order', () => {
    const [body] = text.split('\n\nApparatus criticus\n\n');
    const markers = [...body!.matchAll(/⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾/g)].map((m) => m[1]!.normalize('NFKC'));
    expect(markers).toEqual(edition.apps.map((_, i) => String(i + 1)));
    expect(body!.replace(/⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾/g, '') + '\n').toBe(edition.text('lem'));
    expect(body).toContain('the minister of the Emperor residing here⁽³⁾, a full power⁽⁴⁾');
  });

  it('then the sigla and one line per entry, as worked out independently from the TEI', () => {
    const [, apparatus] = text.split('\n\nApparatus criticus\n\n');
    const [sigla, entries] = apparatus!.split('\n\n');
    expect(sigla!.split('\n')).toEqual(edition.witnesses.map((w) => `${w.siglum}: ${w.description}`));
    expect(entries!.split('\n')).toEqual([...edition.apparatusLines(), '']);
  });

  it('prints each kind of entry in the expected form', () => {
    for (const line of [
      '  (1) Russian Imperial] transp. Imperial Russian B',
      '  (3) residing here] om. B',
      '  (6) add. fully C',
      '  (12) friendly] amicable[?] C',
      '  (15) solicitude] wish C',
      '  (16) interest] [illegible: 1 word] C',
      '  (18) and interests] om. C (homeoteleuton)',
      '  (19) the American continents] the American continent B; the {the} American continents C',
      '  (21) maintain] maintained B (certainty: medium)',
      "  (26) of the people] om. C (homeoteleuton) — The clerk's eye passed from one “of” to the next.",
      '  (30) intercourse (by the editio project)] intercouse A',
      '  (35) fellow-men] fellow mem [fellow men] C',
      '  (39) menaced A] threatened B; threatned C',
      '  (44) adduced] given C (by the editio project; certainty: low)',
      '  (46) concerns] [affairs] C',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('is refused with a witness or with HTML', () => {
    expect(editio('render', CRITICAL, '--to', 'text', '--reading', 'C', '--apparatus').status).toBe(2);
    expect(editio('render', CRITICAL, '--to', 'html', '--apparatus').status).toBe(2);
  });

  it('wraps with a hanging indent under the entry', async () => {
    const wrapped = await render(CRITICAL, 'text', { apparatus: true, width: 50 });
    const lines = wrapped.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  (45) '));
    expect(lines[at + 1]).toMatch(/^ {7}\S/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(50);
  });
});

describe('the reading text and its apparatus, as HTML', () => {
  let page = '';
  beforeAll(async () => {
    page = await render(CRITICAL, 'html');
  });

  it('shows the lemmata: the text of the page is the reading text', () => {
    const body = bodyOf(page).replace(/<span class="rdg"[^>]*hidden[^>]*>.*?<\/span>(?=<span|<sup)/gs, '').replace(/<sup class="appref">.*?<\/sup>/gs, '');
    expect(htmlText(body)).toBe(squash(edition.paragraphs('lem').join(' ')));
  });

  it('numbers the entries, and links each marker to its entry and back', () => {
    edition.apps.forEach((_, i) => {
      const n = i + 1;
      expect(page).toContain(`<sup class="appref"><a href="#app-${n}" id="app-${n}-ref" aria-label="Apparatus entry ${n}">${n}</a></sup>`);
      expect(page).toContain(`<li id="app-${n}" value="${n}"><a class="backlink" href="#app-${n}-ref" aria-label="Back to apparatus entry ${n} in the text">${n}</a>`);
    });
    const ids = new Set([...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...page.matchAll(/ href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.filter((t) => !ids.has(t))).toEqual([]);
    expect([...page.matchAll(/ id="([^"]+)"/g)].length).toBe(ids.size); // no id twice
  });

  it('gives each entry as the text apparatus does', () => {
    const entries = [...page.matchAll(/<li id="app-(\d+)"[^>]*>(.*?)<\/li>/gs)].map((m) => htmlText(m[2]!));
    expect(entries).toEqual(edition.apparatusLines().map((l) => squash(l.replace(/^ {2}\((\d+)\)/, '$1'))));
  });

  it('keys the sigla to their witnesses', () => {
    expect(page).toContain('<dl class="sigla"><dt><abbr class="siglum" title="A fair copy of the message, as if signed and sent to Congress.">A</abbr></dt><dd>A fair copy of the message, as if signed and sent to Congress.</dd>');
  });

  it('holds every witness\'s readings for the switch, marked with the witnesses they stand for', () => {
    expect(page).toContain('<span class="lem" data-wit="fair C">Russian Imperial</span><span class="rdg" data-wit="print" hidden>Imperial Russian</span>');
    expect(page).toContain('<span class="lem" data-wit="fair">menaced</span><span class="rdg" data-wit="print" hidden>threatened</span><span class="rdg" data-wit="C" hidden>threatned</span>');
    expect(page).toMatch(/<fieldset class="reading-switch" hidden><legend>Show in the text the readings of<\/legend><label><input type="radio" name="monroe-1823-reading" value="lem" checked> the edited text<\/label>/);
  });

  it('loads the switch script under a policy that allows the site\'s own scripts and nothing else', () => {
    expect(page).toContain('<script src="assets/witnesses.js" defer></script>');
    expect(page).toContain("script-src &#x27;self&#x27;");
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script
    expect(page).not.toMatch(/\son[a-z]+=/); // no event handler attributes
  });

  it('--reading gives one witness\'s page: its text, no apparatus, no script', async () => {
    const witness = await render(CRITICAL, 'html', { reading: 'print' });
    expect(htmlText(bodyOf(witness))).toBe(squash(edition.paragraphs('print').join(' ')));
    expect(witness).toContain('<p class="witness-view">The text of witness <strong class="siglum">B</strong>: A newspaper printing of the message, as if set from a second copy.</p>');
    expect(witness).not.toContain('class="apparatus"');
    expect(witness).not.toContain('<script');
    expect(witness).toContain('<title>From the annual message of President Monroe to Congress, December 2, 1823 (witness B)');
  });
});

describe('build: a page and a text per witness beside the reading text', () => {
  let out = '';
  let report: BuildReport;
  const folder = () => join(out, 'monroe-1823');
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'editio-critical-'));
    report = await build({ input: CRITICAL, out });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the reading text, each witness\'s page and text, and the switch script', () => {
    expect(report.diagnostics).toEqual([]);
    expect(report.pages).toBe(4);
    for (const file of ['monroe1823.html', 'monroe1823.txt', ...edition.witnesses.flatMap((w) => [`monroe1823.wit-${w.id}.html`, `monroe1823.wit-${w.id}.txt`])]) {
      expect(readFileSync(join(folder(), file), 'utf8').length, file).toBeGreaterThan(500);
    }
    expect(readFileSync(join(out, 'assets', 'witnesses.js'), 'utf8')).toContain('reading-switch');
  });

  it.each([['fair'], ['print'], ['C']])('the pages of witness %s give its text', (id) => {
    expect(readFileSync(join(folder(), `monroe1823.wit-${id}.txt`), 'utf8')).toBe(edition.text(id));
    const html = readFileSync(join(folder(), `monroe1823.wit-${id}.html`), 'utf8');
    expect(htmlText(bodyOf(html))).toBe(squash(edition.paragraphs(id).join(' ')));
    expect(html).toContain('<a href="monroe1823.html">The edited text</a>');
    expect(html).toMatch(new RegExp(`<a href="monroe1823.wit-${id}.html" title="[^"]*" aria-current="page">`));
    expect(html).not.toContain('rel="canonical"');
  });

  it('the text of the reading text carries its apparatus', async () => {
    expect(readFileSync(join(folder(), 'monroe1823.txt'), 'utf8')).toBe(await render(CRITICAL, 'text', { apparatus: true }));
  });

  it('the reading text links to the witnesses\' pages, and its sigla too', () => {
    const html = readFileSync(join(folder(), 'monroe1823.html'), 'utf8');
    expect(html).toContain('<nav class="witnesses" aria-label="Texts of the witnesses"><ul><li><a href="monroe1823.html" aria-current="page">The edited text</a></li>');
    expect(html).toContain('<a class="siglum" href="monroe1823.wit-print.html" title="A newspaper printing of the message, as if set from a second copy.">B</a>');
  });

  it('a page without witnesses does not load the reading switch', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'editio-plain-'));
    try {
      await build({ input: seed, out: plain });
      const html = readFileSync(join(plain, 'frus1944v07', 'ch6.html'), 'utf8');
      expect(html).not.toContain('witnesses.js');
      // Its one script is the copy buttons of "Cite this".
      expect([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="../assets/editio.js" defer>']);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe('the FRUS convention for printed editorial corrections', () => {
  it('prints "11 [8] p.m." in the text', async () => {
    const text = await render(FRUS, 'text');
    expect(text).toContain('Your 247, December 15, 11 [8] p.m., was received here after the Departments [Department’s] instruction had gone out.');
  });

  it('prints "11 [8] p.m." in HTML, the original and the correction named on hover', async () => {
    const html = await render(FRUS, 'html');
    expect(htmlText(bodyOf(html))).toContain('Your 247, December 15, 11 [8] p.m., was received');
    expect(html).toContain('<span class="choice correction" title="as in the source: 11; corrected: 8"><span class="sic">11</span> <span class="corr">[8]</span></span>');
  });
});

describe('an apparatus without lemmata (variantEncoding n="no-lemma")', () => {
  it('reads the first witness and lists every reading with its sigla', async () => {
    expect(await validate(NO_LEMMA)).toEqual([]);
    expect(await render(NO_LEMMA, 'text', { apparatus: true })).toBe(
      'The first⁽¹⁾ copy reads⁽²⁾ this.\n\nApparatus criticus\n\nA: First copy (invented).\nB: Second copy (invented).\n\n  (1) first A] second B\n  (2) reads A] has B\n',
    );
    expect(await render(NO_LEMMA, 'text', { reading: 'B' })).toBe('The second copy has this.\n');
  });
});

describe('editorial interventions', () => {
  it('read in the text as editors print them', async () => {
    expect(await render(INTERVENTIONS, 'text')).toBe(
      'The Department wrote today that the recieved [received] papers were [sent] on, and that three[?] copies were kept. ' +
        'Here [illegible: 2 words] and here [illegible: about a line] and here […]. The writer wrote over it, added this, and wrote {the} the end.\n',
    );
  });

  it('carry in HTML what they are, why, how much, by whom and how surely', async () => {
    const html = await render(INTERVENTIONS, 'html');
    for (const markup of [
      '<span class="choice" title="abbreviated: Dept."><span class="expan">Department</span></span>',
      '<span class="choice" title="original spelling: to-day"><span class="reg">today</span></span>',
      '<span class="choice correction" title="as in the source: recieved; corrected: received (by J. Writer; certainty: high)"><span class="sic">recieved</span> <span class="corr">[received]</span></span>',
      '<span class="supplied" title="supplied by the editors; reason: omitted; by J. Writer; certainty: low">[sent]</span>',
      '<span class="unclear" title="unclear in the source; reason: faded; certainty: medium">three<span class="query">[?]</span></span>',
      '<span class="damage" title="damaged in the source; cause: water">kept</span>',
      '<span class="gap" title="text left out; reason: illegible">[illegible: 2 words]</span>',
      '<span class="gap" title="text left out; reason: omitted">[…]</span>',
      '<span class="subst" title="substitution"><del title="deleted" class="rend-strikethrough">struck</del><ins title="added; above the line; hand: J. Writer">wrote</ins></span>',
      '<ins title="added; in the margin">added this,</ins>',
      '<del title="deleted">removed that,</del>',
      '<span class="surplus" title="superfluous; reason: repeated">{the}</span>',
    ]) {
      expect(html).toContain(markup);
    }
  });
});
