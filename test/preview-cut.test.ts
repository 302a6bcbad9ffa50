/**
 * The parts of the preview's quick way to a page (src/preview/): a save compared with the last
 * good text byte for byte, only what changed decoded; and a unit cut out of a volume alone
 * (load/volume.ts: cutAround), whose page is the one its part makes, or which says why it may
 * not be, when the part sees what the cut does not.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { KeptText } from '../src/preview/change.js';
import { UnitPages } from '../src/preview/pages.js';
// @ts-expect-error: a plain JavaScript module of the benchmarks, without types
import { generateVolume } from '../bench/volume.mjs';

/** Whole builds of a volume, on a busy 2-core machine. */
const LONG = 400_000;
/** Volumes over this many characters are cut, into parts of a quarter of it: the 0.3 MB volume makes about ten. */
const PART = 120_000;

let folder: string;
let source: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'editio-cut-'));
  source = join(folder, 'volume.xml');
  generateVolume(0.3, source);
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('a save compared with the last good text, byte for byte', () => {
  // Letters of one, two, three and four bytes in UTF-8 (the last two UTF-16 code units).
  const letters = fc.constantFrom('a', '<', 'é', '€', '𝄞', '\n');
  const texts = fc.array(letters, { maxLength: 40 }).map((l) => l.join(''));

  // Short texts, and long ones, compared and counted a block (64 KB) at a time.
  it.each([['short', texts, 2000], ['long', texts.filter((t) => t.length > 0).map((t) => t.repeat(Math.ceil(300_000 / t.length))), 40]] as const)('gives the saved text, and where it changed, for any edit (%s texts)', (_, base, runs) => {
    fc.assert(fc.property(base, texts, fc.nat(), fc.nat(), fc.boolean(), (before, inserted, a, b, bom) => {
      const chars = [...before];
      const from = a % (chars.length + 1);
      const to = from + (b % (chars.length - from + 1));
      const after = [...chars.slice(0, from), inserted, ...chars.slice(to)].join('');
      const mark = bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0);
      const kept = new KeptText(Buffer.concat([mark, Buffer.from(before)]), before);
      const result = kept.after(Buffer.concat([mark, Buffer.from(after)]))!;
      expect(result.text).toBe(after);
      if (before === after) {
        expect(result.edit).toBeUndefined();
        return;
      }
      const { start, end, text } = result.edit!;
      expect(start).toBeLessThanOrEqual(end);
      expect(before.slice(0, start) + text + before.slice(end)).toBe(after);
    }), { seed: 17, numRuns: runs });
  });

  it('cannot tell for bytes that are not UTF-8, or UTF-16', () => {
    const kept = new KeptText(Buffer.from('<a>é</a>'), '<a>é</a>');
    expect(kept.after(Buffer.from([0x3c, 0x61, 0x3e, 0xe9, 0x3c]))).toBeUndefined();
    expect(kept.after(Buffer.from('\ufeff<a/>', 'utf16le'))).toBeUndefined();
  });
});

describe('a unit cut out alone', () => {
  it('makes, for every unit of the volume, the page its part makes', async () => {
    const text = readFileSync(source, 'utf8');
    const whole = join(folder, 'whole');
    const units = (await build({ input: source, out: whole, partCharacters: PART, jobs: 2, cwd: folder })).units[source]!;
    const pages = new UnitPages({ out: join(folder, 'alone') });
    pages.link({ [source]: units });
    const made: string[] = [];
    for (const unit of units) {
      pages.keep(source, Buffer.from(text), text);
      // An edit inside the unit that changes nothing on its page.
      const at = text.indexOf('>', text.indexOf(`xml:id="${unit.id}"`)) + 1;
      const saved = await pages.save(source, Buffer.from(text.slice(0, at) + '<!-- a comment -->' + text.slice(at)));
      if (!('page' in saved)) {
        // The volume's first document stands before its first page break.
        expect(saved, unit.id).toEqual({ waits: expect.stringContaining('before the first page break') });
        continue;
      }
      expect(saved.html, unit.id).toBe(readFileSync(join(whole, 'bench-volume', `${unit.file}.html`), 'utf8'));
      made.push(unit.id);
    }
    expect(made.length).toBeGreaterThanOrEqual(units.length - 1);
  }, LONG);

  it('waits for the build when the part would see what the cut does not', async () => {
    const header = readFileSync(source, 'utf8').match(/^[\s\S]*?<\/teiHeader>/)![0];
    const document = (id: string, body: string) => `<div type="document" xml:id="${id}"><head>Document ${id}</head>${body}</div>`;
    const cases: [string, string, string | undefined][] = [
      // [what the first document holds, what the second holds, why the second's page waits]
      ['<p>A<note n="1" xml:id="n1">one</note></p>', '<p>Bee<note n="2" xml:id="n2">two</note></p>', undefined],
      ['<p>A<note>one</note></p>', '<p>Bee<note>two</note></p>', 'a footnote without a number or an xml:id is numbered by the notes before it'],
      ['<p>A<note n="1">one</note></p>', '<p>Bee<note n="2">two</note></p>', 'a footnote without a number or an xml:id is numbered by the notes before it'],
      ['<p>A<note>one</note></p>', '<p>Bee<note place="inline">two</note></p>', undefined],
      ['<p><pb n="1"/>A</p>', '<p><pb n="2"/>Bee</p>', 'a page break without an xml:id is named by the page breaks before it'],
      ['<p><pb n="1" xml:id="p1"/>A</p>', '<p><pb n="2" xml:id="p2"/>Bee</p>', undefined],
      ['<p>A</p>', '<p>Bee<pb n="2" xml:id="p2"/>C</p>', undefined],
      ['<p>A</p>', '<p>Bee</p>', undefined],
      ['<p>A<app><lem>x</lem><rdg>y</rdg></app></p>', '<p>Bee<app><lem>z</lem><rdg>w</rdg></app></p>', 'apparatus entries are numbered through the document'],
      ['<listPerson><person xml:id="r1"><persName>Rex</persName></person></listPerson><p>A</p>', '<p>Bee <persName ref="#r1">Rex</persName></p>', 'it names a record that stands in the text outside the unit'],
      // No page break before the second: its text stands on the page before the third's first.
      ['<p>A</p>', '<p>Bee</p>', 'its text stands before the first page break, on the page before the next one, which the cut does not hold'],
    ];
    for (const [i, [first, second, reason]] of cases.entries()) {
      const file = join(folder, 'small.xml');
      const start = i === cases.length - 1 ? '' : '<pb n="0" xml:id="p0"/>';
      const text = `${header}<text><body>${document('a', start + first)}${document('b', second)}<div type="document" xml:id="c"><head>C</head><p><pb n="9" xml:id="p9"/>C</p></div></body></text></TEI>\n`;
      writeFileSync(file, text);
      const report = await build({ input: file, out: join(folder, 'small'), validate: false, jobs: 1, incremental: false });
      const pages = new UnitPages({ out: join(folder, 'small-alone') });
      pages.link(report.units);
      pages.keep(file, Buffer.from(text), text);
      const at = text.indexOf('Bee') + 3;
      const edited = text.slice(0, at) + 'Edited ' + text.slice(at);
      const saved = await pages.save(file, Buffer.from(edited));
      const label = `${first} ${second}`;
      if (reason) expect(saved, label).toEqual({ waits: reason });
      else {
        expect(saved, label).toMatchObject({ unit: 'b' });
        writeFileSync(file, edited);
        const whole = await build({ input: file, out: join(folder, 'small'), validate: false, jobs: 1, incremental: false });
        expect(whole.units[file]!.map((u) => u.id)).toEqual(['a', 'b', 'c']);
        expect('html' in saved && saved.html, label).toBe(readFileSync(join(folder, 'small', 'bench-volume', 'b.html'), 'utf8'));
      }
    }
  }, LONG);
});
