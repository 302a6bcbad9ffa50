/**
 * editio tag (the enrich stage): what it proposes for each kind on fixtures of its own, where
 * it never tags, what --write keeps and adds, that the result stays valid, bad input, and the
 * site pages a tagged 1941 FRUS fragment fills.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { applyPatch, diffChars } from 'diff';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, tag, validate, type TagProposal, type TagReport } from '../src/index.js';
import { isFileNumber } from '../src/enrich/files.js';
import { parseTree, type XElement } from '../src/enrich/tree.js';
import { editio, fixtures, root, shared } from './helpers.js';

const here = join(fixtures, 'tag');
const telegram = join(here, 'telegram-1942.xml');
const frus = join(shared, 'corpus', 'frus');
const temporary = () => mkdtempSync(join(tmpdir(), 'editio-tag-'));
/** A copy of a file in a new temporary folder. */
function copy(file: string, folder = temporary()): string {
  const to = join(folder, basename(file));
  copyFileSync(file, to);
  return to;
}
/** The proposals of one kind as [text, attributes, status]. */
const of = (proposals: TagProposal[], kind: TagProposal['kind']) => proposals.filter((p) => p.kind === kind).map((p) => [p.text.replace(/\s+/g, ' '), p.attributes, p.status]);

/** A tagged text without what editio tag added to it. */
function withoutTagging(text: string): string {
  const cuts: [number, number][] = [];
  const walk = (e: XElement) => {
    for (const c of e.children) {
      if (c.kind !== 'element') continue;
      if (c.attributes.get('resp') === '#editio-tag') cuts.push([c.start, c.tagEnd], [c.closeStart, c.end]);
      if (c.name === 'respStmt' && c.attributes.get('xml:id') === 'editio-tag') cuts.push([text.lastIndexOf('\n', c.start), c.end]);
      const only = c.children.filter((n) => n.kind === 'element');
      if (c.name === 'bibl' && only.length === 1 && only[0]!.attributes.get('resp') === '#editio-tag') cuts.push([c.start, c.tagEnd], [c.closeStart, c.end]);
      else walk(c);
      if (c.name === 'bibl' && only.length === 1) walk(c);
    }
  };
  walk(parseTree(text));
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [from, to] of cuts) {
    out += text.slice(last, from);
    last = to;
  }
  return out + text.slice(last);
}

let report: TagReport;
let proposals: TagProposal[];
beforeAll(async () => {
  report = await tag(telegram);
  proposals = report.documents[0]!.proposals;
});

describe('editio tag proposes', () => {
  it('dates in the forms FRUS prints, the year from the document\'s own dateline, never a date that does not exist', () => {
    expect(of(proposals, 'date')).toEqual([
      ['June 25, 1942', { when: '1942-06-25' }, 'applied'], // the dateline
      ['June 23', { when: '1942-06-23' }, 'applied'], // "Your 527, June 23, 7 p.m.": the dateline's year
      ['24th', { when: '1942-06-24' }, 'applied'], // "on the 24th": the dateline's month
      ['early July', { notBefore: '1942-07-01', notAfter: '1942-07-10' }, 'below-threshold'],
      ['June 24', { when: '1942-06-24' }, 'applied'],
      ['23 June 1942', { when: '1942-06-23' }, 'applied'],
      ['November 1941', { when: '1941-11' }, 'applied'],
      ['spring of 1941', { notBefore: '1941-03', notAfter: '1941-05' }, 'below-threshold'],
      ['June 28–30, 1942', { from: '1942-06-28', to: '1942-06-30' }, 'applied'],
      ['27th ultimo', { when: '1942-05-27' }, 'applied'], // the month before the dateline's
      ['1940', { when: '1940' }, 'applied'], // "signed in 1940"
    ]);
    expect(proposals.some((p) => p.text.includes('February 30'))).toBe(false);
    for (const p of proposals) {
      expect(p.evidence.length).toBeGreaterThan(10);
      expect(p.confidence).toBeGreaterThan(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('decimal file numbers by the grammar of rule file-number, a number print abbreviates completed in @n', () => {
    expect(of(proposals, 'file')).toEqual([
      ['823.00/1402', { type: 'decimal-file' }, 'applied'], // in the source note
      ['823.00/1398', { type: 'decimal-file' }, 'applied'],
      ['1399', { type: 'decimal-file', n: '823.00/1399' }, 'applied'], // "823.00/1398, 1399"
      ['711.23/6–2242', { type: 'decimal-file' }, 'applied'],
    ]);
    expect(['724.61/2', '724.61/9–2744', '740.0011 European War 1939/1234', '816.24/118a', '838.24/111½'].map(isFileNumber)).toEqual([true, true, true, true, true]);
    // September has no 31st; a paper number needs a file; a file needs three digits.
    expect(['724.61/9–3144', '/2244', '72.61/2'].map(isFileNumber)).toEqual([false, false, false]);
  });

  it('persons by full name, surname, a title and an office, resolved through roles and dates, and named again', () => {
    expect(of(proposals, 'person')).toEqual([
      // Two records have the surname Hartley: the title says which held that office in June 1942.
      ['Hartley', { ref: '#hartley-james' }, 'applied'],
      ['Under Secretary', { ref: '#hartley-james', type: 'person' }, 'applied'],
      ['Mendoza', { ref: '#mendoza-luis' }, 'applied'], // "the Peruvian Ambassador (Mendoza)": the office in front stays his title
      ['Hartley', { ref: '#hartley-james' }, 'applied'], // the one named just before
      ['Hungarian Minister', { ref: '#varga-pal', type: 'person' }, 'applied'],
      ['Ambassador in Peru', { ref: '#hartley-ruth', type: 'person' }, 'applied'], // with the place inside it
      ['Luis Mendoza Ibáñez', { ref: '#mendoza-luis' }, 'applied'],
      ['Quispe', {}, 'applied'], // "Colonel Quispe": no record, so no pointer
      ['Quispe', {}, 'applied'],
      ['Ruth Hartley', { ref: '#hartley-ruth' }, 'applied'],
    ]);
    const office = proposals.find((p) => p.text === 'Hungarian Minister')!;
    expect(office.evidence).toContain('Hungarian Minister in Washington');
  });

  it('places and organisations by every name form their records give, and "the Department" for the Department of State', () => {
    expect(of(proposals, 'place').map(([text, attributes]) => [text, attributes])).toEqual([
      ['Peru', { ref: '#peru' }], ['Lima', { ref: '#lima' }], ['Peru', { ref: '#peru' }], ['Peru', { ref: '#peru' }], ['United States', { ref: '#united-states' }], ['Lima', { ref: '#lima' }],
      ['United States of America', { ref: '#united-states' }], // another name of the state
    ]);
    expect(of(proposals, 'organisation').map(([text, attributes]) => [text, attributes])).toEqual([
      ['Department', { ref: '#department-of-state' }], ['Department', { ref: '#department-of-state' }],
      ['Pan American Union', { ref: '#pan-american-union' }], ['PAU', { ref: '#pan-american-union' }],
    ]);
  });

  it('points into a FRUS persons list with @corresp, and resolves an office held then', async () => {
    const result = await tag(join(here, 'memorandum-1975.xml'), { authority: [join(here, 'persons-list.xml')] });
    expect(of(result.documents[0]!.proposals, 'person')).toEqual([
      ['Abernathy', { corresp: '#p_AEJ_1' }, 'applied'],
      ['Ortega', { corresp: '#p_OMM_1' }, 'applied'],
      // Two Brandts: the Ambassador in 1975 is Robert T.; the other was an Assistant Secretary.
      ['Brandt', { corresp: '#p_BRT_1' }, 'applied'],
      ['Panamanian Foreign Minister', { corresp: '#p_OMM_1', type: 'person' }, 'applied'],
      ['Ortega Moreno', { corresp: '#p_OMM_1' }, 'applied'],
      ['Brandt', { corresp: '#p_BRT_1' }, 'applied'],
    ]);
  });
});

describe('editio tag never tags', () => {
  it('the header, the records, existing names, dates and numbers, references, titles, comments or CDATA', () => {
    const text = readFileSync(telegram, 'utf8');
    const header = [text.indexOf('<teiHeader>'), text.indexOf('</standOff>')];
    const marked = [text.indexOf('<p>Already marked'), text.indexOf('</p>', text.indexOf('<p>Already marked'))];
    for (const p of proposals) {
      expect(p.start < header[0]! || p.start > header[1]!, `${p.text} at ${p.line}:${p.column}`).toBe(true);
      expect(p.start < marked[0]! || p.start > marked[1]!, `${p.text} at ${p.line}:${p.column}`).toBe(true);
    }
  });

  it('inside a FRUS persons list, which is the authority itself', async () => {
    const list = join(frus, 'frus1969-76v22_persons.xml');
    const result = await tag(list, { authority: [list] });
    expect(result.documents[0]!.proposals).toEqual([]);
  });
});

describe('editio tag --write', () => {
  it('adds markup and changes no other byte: whitespace, references and comments stay', async () => {
    const file = copy(telegram);
    const result = await tag(file, { write: true });
    expect(result.documents[0]!.written).toBe(true);
    const before = readFileSync(telegram, 'utf8');
    const after = readFileSync(file, 'utf8');
    expect(diffChars(before, after).filter((c) => c.removed)).toEqual([]);
    // Without editio's markup (its elements' tags, the bibl around its numbers, its respStmt), the file is as it was.
    expect(withoutTagging(after)).toBe(before);
    expect(after).toContain('resp="#editio-tag">Peru</placeName> &amp; the <placeName ref="#united-states" cert="high" resp="#editio-tag">United States</placeName> of <placeName ref="#lima" cert="high" resp="#editio-tag">Lima</placeName>&#8217;s');
    expect(after).toContain('<!-- Mendoza in Lima, June 1, 1942 -->');
    expect(after).toContain('<bibl type="archival"><idno type="decimal-file" n="823.00/1399" cert="medium" resp="#editio-tag">1399</idno></bibl>');
    expect(after).toContain('<respStmt xml:id="editio-tag">');
    expect(after).toContain('<rs type="person" ref="#hartley-ruth" cert="high" resp="#editio-tag">Ambassador in <placeName ref="#peru" cert="high" resp="#editio-tag">Peru</placeName></rs>');
    expect(readdirSync(join(file, '..'))).toEqual([basename(file)]); // replaced atomically, nothing left beside it
  });

  it('applies only what reaches --min-confidence, with cert from the confidence', async () => {
    const file = copy(telegram);
    await tag(file, { write: true, minConfidence: 0.95 });
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('<date when="1942-06-25" cert="high" resp="#editio-tag">June 25, 1942</date>');
    expect(after).not.toContain('>June 23</date>'); // 0.9
    const result = await tag(copy(telegram), { write: true, minConfidence: 0.7 });
    expect(result.documents[0]!.proposals.find((p) => p.text === 'early July')!.status).toBe('applied');
  });

  it('leaves the document valid against the profile and its rules, pointers resolved', async () => {
    const file = copy(telegram);
    await tag(file, { write: true });
    expect((await validate(file)).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('copies the records it points to from an authority file into the standOff', async () => {
    const file = copy(join(here, 'memorandum-1975.xml'));
    const result = await tag(file, { write: true, authority: [join(here, 'persons-list.xml')] });
    expect(result.documents[0]!.imported).toEqual(['p_AEJ_1', 'p_OMM_1', 'p_BRT_1']);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('<person xml:id="p_BRT_1" resp="#editio-tag">');
    expect(after).toContain('<persName><forename>Robert T.</forename> <surname>Brandt</surname> <genName>Jr.</genName></persName>');
    expect(after).toContain('<occupation>Ambassador to Panama from March 1974</occupation>');
    expect(after).not.toContain('p_BSK_1');
    expect((await validate(file)).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('drops and counts a proposal that would break validity (here: a schema that allows no date in a paragraph)', async () => {
    const folder = temporary();
    const schema = join(folder, 'no-dates.rng');
    const profile = readFileSync(join(root, 'schemas', 'editio.rng'), 'utf8');
    writeFileSync(schema, profile.replace('<ref name="roleName"/><ref name="date"/><ref name="idno"/>', '<ref name="roleName"/><ref name="idno"/>'));
    const file = copy(telegram, folder);
    const result = await tag(file, { write: true, schema });
    const document = result.documents[0]!;
    const dates = document.proposals.filter((p) => p.kind === 'date' && p.status !== 'below-threshold');
    expect(dates.length).toBeGreaterThan(5);
    expect(dates.every((p) => p.status === 'invalid' && /rng-element/.test(p.reason!))).toBe(true);
    expect(document.invalid).toBe(dates.length);
    expect(document.proposals.filter((p) => p.kind === 'person' && p.status === 'applied').length).toBeGreaterThan(5);
    const found = (await validate(file, { schema })).filter((d) => d.severity === 'error');
    // The document's own dates stay as wrong as they were; none of editio's was written.
    expect(found.length).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).not.toMatch(/<date [^>]*resp="#editio-tag"/);
  });

  it('writes no file for a text given in memory: its diff says what would change', async () => {
    const folder = temporary();
    const file = join(folder, 'memory.xml');
    const result = await tag({ file, text: readFileSync(telegram, 'utf8') }, { write: true });
    expect(result.documents[0]!.written).toBe(false);
    expect(result.documents[0]!.diff).toContain('+++ ');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('finds nothing more to apply in what it has written', async () => {
    const file = copy(telegram);
    await tag(file, { write: true });
    const once = readFileSync(file, 'utf8');
    const again = await tag(file, { write: true });
    expect(again.documents[0]!.applied).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(once);
  });

  it('writes a file in UTF-16 back in UTF-16, with its byte-order mark', async () => {
    const folder = temporary();
    const file = join(folder, 'utf16.xml');
    const text = readFileSync(telegram, 'utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    await tag(file, { write: true });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toContain('<date when="1942-06-25" cert="high" resp="#editio-tag">June 25, 1942</date>');
  });
});

describe('editio tag --diff (the default)', () => {
  it('prints a unified diff that turns the source into what --write writes, and writes nothing', async () => {
    const file = copy(telegram);
    const run = editio('tag', file);
    expect(run.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(telegram, 'utf8'));
    expect(run.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(run.stderr).toMatch(/telegram-1942\.xml: 36 proposals: 34 to apply, 2 below 0\.8\n/);
    const patched = applyPatch(readFileSync(telegram, 'utf8'), run.stdout);
    await tag(file, { write: true });
    expect(patched).toBe(readFileSync(file, 'utf8'));
  });

  it('--format json gives every proposal with its place, evidence, confidence and status', () => {
    const run = editio('tag', '--format', 'json', 'test/fixtures/tag/telegram-1942.xml');
    const { documents, diagnostics } = JSON.parse(run.stdout);
    expect(diagnostics).toEqual([]);
    expect(documents[0].file).toBe('test/fixtures/tag/telegram-1942.xml');
    expect(documents[0].proposals[0]).toEqual({
      line: 53, column: 29, start: expect.any(Number), end: expect.any(Number), kind: 'file', element: 'idno', text: '823.00/1402',
      attributes: { type: 'decimal-file' }, confidence: 0.95, cert: 'high', evidence: 'a decimal file number, "823.00/1402" (the grammar of rule file-number)', status: 'applied',
    });
  });
});

describe('editio tag with bad input', () => {
  it('reports a malformed file at its line and column, exits 1, and writes it not; the others are still tagged', () => {
    const folder = temporary();
    const broken = copy(join(here, 'malformed.xml'), folder);
    const good = copy(telegram, folder);
    const run = editio('tag', '--write', broken, good);
    expect(run.stderr).toContain(`${broken}:12:59  error  xml-wellformed  not well-formed: Expected closing tag 'hi' (opened in line 12, col 31) instead of closing tag 'p'.`);
    expect(run.status).toBe(1);
    expect(readFileSync(broken, 'utf8')).toBe(readFileSync(join(here, 'malformed.xml'), 'utf8'));
    expect(readFileSync(good, 'utf8')).toContain('resp="#editio-tag"');
  });

  it('stops at a missing authority file with exit 2, and writes nothing', () => {
    const file = copy(telegram);
    const run = editio('tag', '--write', '--authority', 'test/fixtures/tag/no-such-file.xml', file);
    expect(run.stderr).toContain('test/fixtures/tag/no-such-file.xml  error  io-read  cannot read file: no such file');
    expect(run.status).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(telegram, 'utf8'));
  });

  it('stops at an authority file whose xml:ids are not unique, at the second one, with exit 1, and writes nothing', () => {
    const file = copy(telegram);
    const run = editio('tag', '--write', '--authority', 'test/fixtures/tag/authority-duplicate-ids.xml', file);
    expect(run.stderr).toContain('test/fixtures/tag/authority-duplicate-ids.xml:13:7  error  id-unique  duplicate xml:id "welles-sumner" in the authority records: already used at line 12');
    expect(run.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(telegram, 'utf8'));
  });

  it('refuses options that contradict each other or a confidence out of range (exit 2)', () => {
    expect(editio('tag', '--write', '--diff', telegram).status).toBe(2);
    const run = editio('tag', '--min-confidence', '2', telegram);
    expect(run.stderr).toContain('use a number from 0 to 1');
    expect(run.status).toBe(2);
  });
});

describe('the site of a 1941 FRUS fragment after editio tag --write', () => {
  it('lists persons, dates and archival files that were not there before', async () => {
    const count = (out: string, page: string, pattern: RegExp) => {
      try {
        return readFileSync(join(out, page), 'utf8').match(pattern)?.length ?? 0;
      } catch {
        return 0; // a page with nothing to list is not written
      }
    };
    const counts = (out: string) => ({
      persons: count(out, 'persons.html', /<section class="entry"/g),
      events: count(out, 'chronology.html', /<li class="event"/g),
      files: count(out, 'files.html', /<cite class="archival"/g),
    });
    const fragment = join(frus, 'frus1941v07_ch23.xml');
    const folder = temporary();
    const file = copy(fragment, folder);
    const before = temporary();
    await build({ input: file, out: before, jobs: 1 });
    expect(counts(before)).toEqual({ persons: 0, events: 3, files: 0 }); // the datelines only
    await tag(file, { write: true, authority: [join(here, 'authority-1941.xml')] });
    // The TEI records copied as written in the authority file, marked as editio's.
    expect(readFileSync(file, 'utf8')).toContain(`<person xml:id="welles-sumner" resp="#editio-tag">
              <persName><forename>Sumner</forename> <surname>Welles</surname></persName>
              <occupation notBefore="1941" notAfter="1941">Under Secretary of State</occupation>
            </person>`);
    const after = temporary();
    await build({ input: file, out: after, jobs: 1 });
    expect(counts(after)).toEqual({ persons: 4, events: 8, files: 3 });
    const persons = readFileSync(join(after, 'persons.html'), 'utf8');
    for (const name of ['Sumner Welles', 'Philip W. Bonsal', 'Emilio G. Collado', 'David Castro']) expect(persons).toContain(name);
  });
});
