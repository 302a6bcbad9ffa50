/**
 * Property-based tests (fast-check).
 * (a) Random documents made of the profile's elements, with text full of markup characters and
 *     letters of many scripts: valid against the profile; their HTML is valid (html-validate),
 *     holds no script once parsed by Chromium, and reads the same words in the same order as the
 *     text edition.
 * (b) Random byte mutations and truncations of the seed: only diagnostics come out, never a crash
 *     or a hang, and every diagnostic has a place.
 * The runs are seeded, so a failure repeats; FC_SEED=n tries other cases, FC_RUNS=n more of them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { HtmlValidate } from 'html-validate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render, RenderError, validate, type Diagnostic } from '../src/index.js';
import { seed } from './helpers.js';
import { launchChromium } from './site.js';

const SEED = Number(process.env.FC_SEED ?? 4_2024);
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;

// ---------- a model of documents in the profile, and its serialisation ----------

type Inline =
  | string
  | { kind: 'phrase'; tag: PhraseTag; children: Inline[] }
  | { kind: 'note'; children: string[] }
  | { kind: 'pb' }
  | { kind: 'lb' }
  | { kind: 'choice'; sic: string; corr: string };
type Block = { kind: 'p'; children: Inline[] } | { kind: 'list'; items: Inline[][] } | { kind: 'blockquote'; paragraphs: Inline[][] };
interface Division {
  type: 'chapter' | 'section' | 'document';
  head?: Inline[];
  blocks: Block[];
  divisions: Division[];
}

/**
 * Not del: the reading edition shows a deletion struck through and the text edition leaves it
 * out, so their words differ by design. Not ordered lists or tables either: their numbers and
 * cell separators are drawn by CSS in HTML but written out in the text edition.
 */
const PHRASES = ['hi', 'emph', 'persName', 'placeName', 'orgName', 'date', 'quote', 'q', 'foreign', 'title', 'seg', 'supplied'] as const;
type PhraseTag = (typeof PHRASES)[number];
const RENDS = ['italic', 'bold', 'smallcaps', 'superscript', 'underline'];

/** Letters of several scripts, markup characters, a combining accent and a character outside the BMP. */
const CHARACTERS = [...'abcdefxyzABCXYZ0123456789', '<', '>', '&', '"', "'", ';', '.', ',', '!', '?', '(', ')', '[', ']', '/', '=', '#',
  ...'αβγΔΩ', ...'жзЙЯ', ...'日本語文書', ...'عربي', ...'עברית', 'é', 'e\u0301', 'ß', 'ﬁ', '½', '\u00A0', '😀', '𝔄'];
const word = fc.array(fc.constantFrom(...CHARACTERS), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
/** Text that shows something in a heading (html-validate wants no empty headings). */
const visible = fc.tuple(fc.constantFrom(...'abcαжЙ日ع'), text).map(([letter, rest]) => `${letter}${rest}`);

const { inlines } = fc.letrec<{ inlines: Inline[]; inline: Inline }>((tie) => ({
  inlines: fc.array(tie('inline'), { minLength: 1, maxLength: 5 }),
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: text, weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('phrase' as const), tag: fc.constantFrom(...PHRASES), children: tie('inlines') as fc.Arbitrary<Inline[]> }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('note' as const), children: fc.array(text, { minLength: 1, maxLength: 2 }) }), weight: 1 },
    { arbitrary: fc.constant({ kind: 'pb' as const }), weight: 1 },
    { arbitrary: fc.constant({ kind: 'lb' as const }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('choice' as const), sic: text, corr: text }), weight: 1 },
  ),
}));

const block: fc.Arbitrary<Block> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('p' as const), children: inlines }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('list' as const), items: fc.array(inlines, { minLength: 1, maxLength: 3 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('blockquote' as const), paragraphs: fc.array(inlines, { minLength: 1, maxLength: 2 }) }), weight: 1 },
);

const { division } = fc.letrec<{ division: Division }>((tie) => ({
  division: fc.record({
    type: fc.constantFrom('chapter' as const, 'section' as const, 'document' as const),
    head: fc.option(fc.tuple(visible, inlines).map(([start, rest]) => [start, ...rest]), { nil: undefined }),
    blocks: fc.array(block, { minLength: 1, maxLength: 3 }),
    divisions: fc.oneof({ depthSize: 'small' }, fc.constant<Division[]>([]), fc.array(tie('division') as fc.Arbitrary<Division>, { maxLength: 2 })),
  }),
}));

const documents = fc.array(division, { minLength: 1, maxLength: 2 });

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Serialise the model as TEI: ids, page numbers and dates are numbered as the rules want them. */
function serialise(divisions: Division[]): string {
  let ids = 0;
  let pages = 0;
  let choices = 0;
  // Inside these only phrases may stand (macro.phraseSeq): a quotation there is a q.
  const phraseSeq = new Set(['persName', 'placeName', 'orgName', 'date', 'foreign']);
  const inline = (node: Inline, inPhraseSeq = false): string => {
    if (typeof node === 'string') return escape(node);
    switch (node.kind) {
      case 'pb':
        return ` <pb n="${++pages}"/> `; // at a word boundary, as printed pages turn
      case 'lb':
        return '<lb/>';
      case 'note':
        return `<note>${node.children.map(escape).join(' ')}</note>`;
      case 'choice':
        return `<choice><sic>${escape(node.sic)}</sic><corr>${escape(node.corr)}</corr></choice>`;
      case 'phrase': {
        const tag = node.tag === 'quote' && inPhraseSeq ? 'q' : node.tag;
        const inner = node.children.map((c) => inline(c, inPhraseSeq || phraseSeq.has(tag))).join('');
        const attributes = { hi: ` rend="${RENDS[choices++ % RENDS.length]}"`, date: ` when="1944-0${(choices++ % 9) + 1}-1${choices % 10}"`, foreign: ' xml:lang="fr"' }[tag as string] ?? '';
        return `<${tag}${attributes}>${inner}</${tag}>`;
      }
    }
  };
  const paragraph = (children: Inline[]) => `<p>${children.map((c) => inline(c)).join('')}</p>`;
  const blockXml = (b: Block): string =>
    b.kind === 'p' ? paragraph(b.children)
    : b.kind === 'list' ? `<list>\n${b.items.map((i) => `<item>${i.map((c) => inline(c)).join('')}</item>`).join('\n')}\n</list>`
    : `<quote rend="block">${b.paragraphs.map(paragraph).join('\n')}</quote>`;
  const divisionXml = (d: Division): string => [
    `<div type="${d.type}" xml:id="d${++ids}">`,
    ...(d.head ? [`<head>${d.head.map((c) => inline(c)).join('')}</head>`] : []),
    ...d.blocks.map(blockXml),
    ...d.divisions.map(divisionXml),
    '</div>',
  ].join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A generated document</title></titleStmt>
      <publicationStmt><p>Generated by editio's property tests.</p></publicationStmt>
      <sourceDesc><p>No source: generated.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
${divisions.map(divisionXml).join('\n')}
    </body>
  </text>
</TEI>
`;
}

/**
 * Words as tokens, folded to NFKC so that the text edition's superscript note figure "word¹"
 * matches the HTML's "word" + <sup>1</sup>. The text edition marks list items with "– ", which
 * HTML leaves to the list's own bullets.
 */
function tokens(s: string): string[] {
  return s.replace(/^– /gm, '').normalize('NFKC').split(/\s+/).filter(Boolean);
}

// ---------- (a) valid documents ----------

const htmlvalidate = new HtmlValidate({
  root: true,
  extends: ['html-validate:recommended'],
  rules: { 'no-trailing-whitespace': 'off', 'long-title': 'off' }, // as in html-validate.test.ts
});

let browser: Browser | undefined;
let page: Page | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  // Load the schema and the stylesheets once before the properties run: the per-case timeout is
  // for a case that hangs, not for the first case paying for the start-up (3–4 s on a busy machine).
  const warm = { file: 'warm.xml', text: serialise([]) };
  await validate(warm);
  await render(warm, 'html');
  await render(warm, 'text');
  // Nothing leaves the page: the layout's stylesheet links lead nowhere from about:blank anyway.
  await page.route('**/*', (route) => route.abort());
});

afterAll(async () => {
  await browser?.close();
});

describe('random documents in the profile', () => {
  it('are valid, and render to valid HTML without script whose words are the text edition\'s, in order', async () => {
    await fc.assert(
      fc.asyncProperty(documents, async (divisions) => {
        const doc = { file: 'generated.xml', text: serialise(divisions) };
        const errors = (await validate(doc)).filter((d) => d.severity === 'error');
        expect(errors, doc.text).toEqual([]);

        const html = await render(doc, 'html');
        const report = await htmlvalidate.validateString(html, 'generated.html');
        expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)), html).toEqual([]);

        await page!.setContent(html, { waitUntil: 'domcontentloaded' });
        const seen = await page!.evaluate(() => {
          // editio's own copy-button script is the page's, not the document's.
          const own = (e: Element) => e.localName === 'script' && /(^|\/)assets\/editio\.js$/.test(e.getAttribute('src') ?? '');
          const live = [...document.querySelectorAll('*')].filter((e) => (e.localName === 'script' && !own(e)) || [...e.attributes].some((a) => a.name.startsWith('on')));
          const article = document.querySelector('article')!;
          article.querySelectorAll('section.footnotes > h2').forEach((h) => h.remove()); // "Notes": the text edition has no such heading
          return { live: live.map((e) => e.outerHTML), text: article.innerText };
        });
        expect(seen.live).toEqual([]);
        expect(tokens(seen.text)).toEqual(tokens(await render(doc, 'text')));
      }),
      { seed: SEED, numRuns: RUNS ?? 30, timeout: 5_000 },
    );
  }, 120_000);
});

// ---------- (b) mutations of the seed ----------

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'markup'; at: number; markup: string };

/** Bytes that break XML in interesting ways: markup openers, a CDATA end, NUL, a BOM, bytes that are never UTF-8. */
const NASTY = ['<', '&', ']]>', '\u0000', '<!--', '&#0;', '&#xD800;', '&nbsp;', '<!DOCTYPE TEI [<!ENTITY a "b">]>', '"', '\uFEFF', '</p>', '<p>']
  .map((s) => [...Buffer.from(s, 'utf8')])
  .concat([[0xff], [0xc0, 0xbc], [0xed, 0xa0, 0x80], [0xe2, 0x82]]);

/** Well-formed pieces put just after a '>': they reach the grammar, the rule checks and the stylesheets. */
const MARKUP = ['<hi rend="italic">x</hi>', '<unknown>y</unknown>', '<pb n="1"/>', '<note n="9">z</note>', '<date when="1944-02-30">d</date>',
  '<ref target="#nowhere">r</ref>', '<persName ref="#ghost">g</persName>', '<div type="chapter"><p>p</p></div>', '<!-- c -->', '<?pi x?>',
  '<![CDATA[<script>alert(1)</script>]]>', '&amp;', '&#x1F600;', '<p xml:id="ch6">dup</p>', '<graphic url="javascript:alert(1)"/>', '<lb/>', ' '];

/** A place in the file, as a fraction of its length (unbiased: the edges are not favoured). */
const position = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.oneof(fc.constantFrom(...NASTY), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('markup' as const), at: position, markup: fc.constantFrom(...MARKUP) }),
);
const markup = fc.record({ kind: fc.constant('markup' as const), at: position, markup: fc.constantFrom(...MARKUP) });
/** Half the time well-formed pieces only (so the later stages see them too); else a few mutations of any kind, and perhaps a cut. */
const mutations = fc.oneof(
  fc.tuple(fc.array(markup, { minLength: 1, maxLength: 3 }), fc.constant(undefined)),
  fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.option(position, { nil: undefined })),
);

function mutate(bytes: Buffer, [changes, cut]: [Mutation[], number | undefined]): Buffer {
  let out = bytes;
  for (const m of changes) {
    const at = Math.floor(m.at * out.length);
    if (m.kind === 'flip') {
      out = Buffer.from(out);
      out[at] = out[at]! ^ (1 << m.bit);
    } else if (m.kind === 'delete') {
      out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
    } else {
      // Markup goes inside the root element, just after the nearest '>' at or before the place.
      const inside = out.indexOf('>', out.indexOf('<TEI')) + 1;
      const after = m.kind === 'markup' ? Math.max(inside, out.lastIndexOf(0x3e, at) + 1) : at;
      out = Buffer.concat([out.subarray(0, after), m.kind === 'markup' ? Buffer.from(m.markup) : Buffer.from(m.bytes), out.subarray(after)]);
    }
  }
  return cut === undefined ? out : out.subarray(0, Math.floor(cut * out.length));
}

function expectPlaced(diagnostics: readonly Diagnostic[], file: string): void {
  for (const d of diagnostics) {
    expect(d.file).toBe(file);
    expect(d.line, d.message).toBeGreaterThanOrEqual(1);
    expect(d.column, d.message).toBeGreaterThanOrEqual(1);
    expect(d.rule).toMatch(/^[a-z][a-z0-9-]+$/);
    expect(d.message).toMatch(/^[^\n]{10,}$/);
  }
}

describe('random byte mutations and truncations of the seed', () => {
  const original = readFileSync(seed);
  const dir = mkdtempSync(join(tmpdir(), 'editio-mutants-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('give only diagnostics with a place, from validate and from render, never a crash or a hang', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(mutations, async (mutation) => {
        const file = join(dir, `mutant-${++run}.xml`);
        writeFileSync(file, mutate(original, mutation));
        const found = await validate(file);
        expectPlaced(found, file);
        for (const target of ['html', 'text'] as const) {
          try {
            expect(typeof (await render(file, target))).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(RenderError);
            expect((error as RenderError).diagnostics.length).toBeGreaterThan(0);
            expectPlaced((error as RenderError).diagnostics, file);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS ?? 40, timeout: 5_000 },
    );
  }, 120_000);
});
