/**
 * Citation exports: the seed's citation in every format, word for word; round trips through
 * citation-js; CSL-JSON against the schema; the CSL styles against the CSL schema; the TEI
 * biblStruct against tei_all; and the real FRUS fragments cited by page or by document number.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { validateStyle } from 'csl-validator-wasm';
import { cite, formatCitation, UnitNotFoundError, type CitationFormat, type CslItem } from '../src/index.js';
import { forReferenceManagers } from '../src/cite/exports.js';
import { editio, root, seed, shared, xmlFiles } from './helpers.js';

const URL = 'https://history.state.gov/historicaldocuments/frus1944v07/ch6';
const TITLE = 'Attitude of the United States with respect to the establishment of diplomatic relations between the American Republics and the Soviet Union';
const HEADLINE = 'Attitude of the United States with Respect to the Establishment of Diplomatic Relations between the American Republics and the Soviet Union';
const frus = join(shared, 'corpus', 'frus');

describe('the seed cited in every format', () => {
  const expected: Record<CitationFormat, string> = {
    'chicago-note': `“${HEADLINE},” in Foreign Relations of the United States: Diplomatic Papers, 1944, vol. 7, The American Republics, ed. E. Ralph Perkins et al. (Washington: Government Printing Office, 1967), 170–71, ${URL}.`,
    'chicago-short': '“Attitude of the United States,” 170–71.',
    'chicago-bibliography': `“${HEADLINE}.” In Foreign Relations of the United States: Diplomatic Papers, 1944, vol. 7, The American Republics, edited by E. Ralph Perkins, Almon R. Wright, David H. Stauffer, and Velma Hastings Cassidy, 170–71. Washington: Government Printing Office, 1967. ${URL}.`,
    mla: `“${HEADLINE}.” The American Republics, edited by E. Ralph Perkins et al., Government Printing Office, 1967, pp. 170–71. Foreign Relations of the United States: Diplomatic Papers, 1944, vol. 7, ${URL}.`,
    apa: `Perkins, E. R., Wright, A. R., Stauffer, D. H., & Cassidy, V. H. (Eds.). (1967). ${TITLE}. In Foreign Relations of the United States: Diplomatic Papers, 1944: Vol. 7. The American Republics (pp. 170–171). Government Printing Office. ${URL}`,
    bibtex: [
      '@inbook{frus1944v07_ch6,',
      '\taddress = {Washington},',
      '\tseries = {Foreign {Relations} of the {United} {States}: Diplomatic {Papers}, 1944},',
      '\tbooktitle = {The {American} {Republics}},',
      '\teditor = {Perkins, E. Ralph and Wright, Almon R. and Stauffer, David H. and Cassidy, Velma Hastings},',
      '\tyear = {1967},',
      '\tpages = {170--171},',
      '\tpublisher = {Government Printing Office},',
      '\ttitle = {Attitude of the {United} {States} with respect to the establishment of diplomatic relations between the {American} {Republics} and the {Soviet} {Union}},',
      `\turl = {${URL}},`,
      '\tvolume = {7},',
      '}',
      '',
    ].join('\n'),
    biblatex: [
      '@inbook{frus1944v07_ch6,',
      '\tbooktitle = {The {American} {Republics}},',
      '\tseries = {Foreign {Relations} of the {United} {States}: Diplomatic {Papers}, 1944},',
      '\teditor = {Perkins, E. Ralph and Wright, Almon R. and Stauffer, David H. and Cassidy, Velma Hastings},',
      '\tdate = {1967},',
      '\tlanguage = {en},',
      '\tpages = {170--171},',
      '\tlocation = {Washington},',
      '\tpublisher = {Government Printing Office},',
      '\tshorttitle = {Attitude of the {United} {States}},',
      '\ttitle = {Attitude of the {United} {States} with respect to the establishment of diplomatic relations between the {American} {Republics} and the {Soviet} {Union}},',
      `\turl = {${URL}},`,
      '\tvolume = {7},',
      '}',
      '',
    ].join('\n'),
    ris: [
      'TY  - CHAP',
      'A2  - Perkins, E. Ralph',
      'A2  - Wright, Almon R.',
      'A2  - Stauffer, David H.',
      'A2  - Cassidy, Velma Hastings',
      'CY  - Washington',
      'ID  - frus1944v07_ch6',
      'LA  - en',
      'PB  - Government Printing Office',
      'PY  - 1967',
      'SP  - 170-171',
      'ST  - Attitude of the United States',
      'T2  - The American Republics',
      'T3  - Foreign Relations of the United States: Diplomatic Papers, 1944',
      `TI  - ${TITLE}`,
      `UR  - ${URL}`,
      'VL  - 7',
      'ER  - ',
      '',
    ].join('\n'),
    'csl-json': JSON.stringify([{
      id: 'frus1944v07_ch6',
      'citation-key': 'frus1944v07_ch6',
      type: 'chapter',
      title: TITLE,
      'title-short': 'Attitude of the United States',
      'container-title': 'Foreign Relations of the United States: Diplomatic Papers, 1944',
      'volume-title': 'The American Republics',
      volume: '7',
      'collection-title': 'Foreign Relations of the United States: Diplomatic Papers',
      'collection-number': '1944',
      editor: [
        { family: 'Perkins', given: 'E. Ralph' },
        { family: 'Wright', given: 'Almon R.' },
        { family: 'Stauffer', given: 'David H.' },
        { family: 'Cassidy', given: 'Velma Hastings' },
      ],
      publisher: 'Government Printing Office',
      'publisher-place': 'Washington',
      issued: { 'date-parts': [[1967]] },
      page: '170-171',
      URL,
      language: 'en',
    }], null, 2) + '\n',
    tei: '<biblStruct xmlns="http://www.tei-c.org/ns/1.0" type="chapter" xml:lang="en">'
      + `<analytic><title level="a">${TITLE}</title><title level="a" type="short">Attitude of the United States</title><idno type="URI">${URL}</idno></analytic>`
      + '<monogr><title level="m">Foreign Relations of the United States: Diplomatic Papers, 1944</title><title level="m" type="volume">The American Republics</title>'
      + '<editor><persName><forename>E. Ralph</forename> <surname>Perkins</surname></persName></editor>'
      + '<editor><persName><forename>Almon R.</forename> <surname>Wright</surname></persName></editor>'
      + '<editor><persName><forename>David H.</forename> <surname>Stauffer</surname></persName></editor>'
      + '<editor><persName><forename>Velma Hastings</forename> <surname>Cassidy</surname></persName></editor>'
      + '<imprint><pubPlace>Washington</pubPlace><publisher>Government Printing Office</publisher><date when="1967">1967</date></imprint>'
      + '<biblScope unit="volume" n="7">7</biblScope><biblScope unit="page" from="170" to="171">170–171</biblScope></monogr>'
      + '<series><title level="s">Foreign Relations of the United States: Diplomatic Papers</title><biblScope unit="volume">1944</biblScope></series></biblStruct>\n',
    archival: [
      'File 724.61/2, Central Decimal File, 1940–44, General Records of the Department of State, RG 59, National Archives at College Park, MD.',
      'File 724.61/9–2744 (September 27, 1944), Central Decimal File, 1940–44, General Records of the Department of State, RG 59, National Archives at College Park, MD.',
      'File 825.00/1860, Central Decimal File, 1940–44, General Records of the Department of State, RG 59, National Archives at College Park, MD.',
      'File 861.01/11–2144 (November 21, 1944), Central Decimal File, 1940–44, General Records of the Department of State, RG 59, National Archives at College Park, MD.',
      'File 861.01/11–2244 (November 22, 1944), Central Decimal File, 1940–44, General Records of the Department of State, RG 59, National Archives at College Park, MD.',
      'File 725.61/11–2744 (November 27, 1944), Central Decimal File, 1940–44, General Records of the Department of State, RG 59, National Archives at College Park, MD.',
      'File 722.61/8–1444 (August 14, 1944), Central Decimal File, 1940–44, General Records of the Department of State, RG 59, National Archives at College Park, MD.',
    ].join('\n'),
  };

  it.each(Object.entries(expected))('%s', async (format, text) => {
    expect(await cite(seed, format as CitationFormat)).toBe(text);
  });

  it('the HTML forms keep the italics of the multivolume and volume titles', async () => {
    const item = JSON.parse(await cite(seed, 'csl-json'))[0] as CslItem;
    expect(formatCitation({ csl: item, tei: '' }, 'chicago-note', 'html')).toContain(
      'in <i>Foreign Relations of the United States: Diplomatic Papers, 1944</i>, vol. 7, <i>The American Republics</i>, ed. E. Ralph Perkins et al.');
  });

  it('the volume: its own citation, the editors at its head', async () => {
    expect(await cite(seed, 'chicago-note', { volume: true })).toBe(
      'E. Ralph Perkins et al., eds., Foreign Relations of the United States: Diplomatic Papers, 1944, vol. 7, The American Republics (Washington: Government Printing Office, 1967), https://history.state.gov/historicaldocuments/frus1944v07.');
    expect(await cite(seed, 'chicago-bibliography', { volume: true })).toBe(
      'Perkins, E. Ralph, Almon R. Wright, David H. Stauffer, and Velma Hastings Cassidy, eds. Foreign Relations of the United States: Diplomatic Papers, 1944. Vol. 7, The American Republics. Washington: Government Printing Office, 1967. https://history.state.gov/historicaldocuments/frus1944v07.');
    expect(await cite(seed, 'mla', { volume: true })).toBe(
      'Perkins, E. Ralph, et al., editors. The American Republics. Government Printing Office, 1967. Foreign Relations of the United States: Diplomatic Papers, 1944, vol. 7, https://history.state.gov/historicaldocuments/frus1944v07.');
  });
});

describe('the real FRUS fragments', () => {
  const note = (file: string, unit?: string) => cite(join(frus, file), 'chicago-note', { unit });

  it('1940s volumes are cited by page, with their own volume and editors', async () => {
    expect(await note('frus1943v06_d226.xml')).toBe(
      '“The Ambassador in Cuba (Braden) to the Secretary of State,” in Foreign Relations of the United States: Diplomatic Papers, 1943, vol. 6, The American Republics, ed. E. Ralph Perkins, Almon R. Wright, and David H. Stauffer (Washington: Government Printing Office, 1965), 245–46, https://history.state.gov/historicaldocuments/frus1943v06/d226.');
    // d258 begins before the fragment's first page break, [Page 318]: its first words stand on page 317.
    expect(await note('frus1941v07_d258.xml')).toBe(
      '“Memorandum of Conversation, by the Liaison Officer (Wilson),” in Foreign Relations of the United States Diplomatic Papers, 1941, vol. 7, The American Republics, ed. William M. Franklin and E. R. Perkins (Washington: Government Printing Office, 1962), 317–18, https://history.state.gov/historicaldocuments/frus1941v07/d258.');
    expect(await cite(join(frus, 'frus1941v07_ch23.xml'), 'chicago-short', { unit: 'd256' })).toBe('“The Secretary of State,” 311–12.');
  });

  it('1961–63 and 1969–76 volumes are cited by document number, without the general editor', async () => {
    expect(await note('frus1969-76v22_d15.xml')).toBe(
      '“Telegram From the Mission to the United Nations to the Department of State,” in Foreign Relations of the United States, 1969–1976, vol. 22, Panama, 1973–1976, ed. Bradley L. Coleman, Alexander O. Poster, and James F. Siekmeier (Washington: Government Publishing Office, 2015), doc. 15, https://history.state.gov/historicaldocuments/frus1969-76v22/d15.');
    expect(await note('frus1961-63v12_d163.xml')).toBe(
      '“Editorial Note,” in Foreign Relations of the United States, 1961–1963, vol. 12, American Republics, ed. Edward C. Keefer, Harriet Dashiell Schwar, and W. Taylor Fain III (Washington: Government Printing Office, 1996), doc. 163, https://history.state.gov/historicaldocuments/frus1961-63v12/d163.');
    expect(await cite(join(frus, 'frus1969-76v22_d15.xml'), 'mla')).toBe(
      '“Telegram From the Mission to the United Nations to the Department of State.” Panama, 1973–1976, edited by Bradley L. Coleman et al., Government Publishing Office, 2015, doc. 15. Foreign Relations of the United States, 1969–1976, vol. 22, https://history.state.gov/historicaldocuments/frus1969-76v22/d15.');
  });

  it('no generated FRUS citation has the known flaws', async () => {
    for (const file of [seed, ...xmlFiles(frus)]) {
      for (const format of ['chicago-note', 'chicago-bibliography', 'mla', 'apa'] as const) {
        const text = await cite(file, format, { volume: true }).catch(() => cite(file, format));
        expect(text, `${basename(file)} ${format}`).not.toMatch(/In The American Republics, Volume|vol\. Volume|[Vv]ol\. [IVXLC]+\b|Volume [IVXLC]+:/);
        expect(text, `${basename(file)} ${format}`).toMatch(/Foreign Relations of the United States[^.]*, (19[0-9]{2}|19[0-9]{2}–19[0-9]{2})\b/);
      }
    }
  });
});

describe('round trips and schemas', () => {
  const units = async (file: string) => {
    const first = JSON.parse(await cite(file, 'csl-json')) as CslItem[];
    return first;
  };
  const fields = ['type', 'title', 'container-title', 'collection-title', 'volume', 'page', 'publisher', 'publisher-place', 'issued', 'editor', 'URL'];
  const pick = (item: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));

  it.each(['bibtex', 'biblatex', 'ris'] as const)('%s parses back into the same CSL fields', async (format) => {
    for (const file of [seed, join(frus, 'frus1943v06_d226.xml'), join(frus, 'frus1969-76v22_d15.xml')]) {
      const [item] = await units(file);
      const sent = forReferenceManagers(item!);
      const back = new Cite(await cite(file, format)).data[0]!;
      const keys = format === 'bibtex' ? fields : [...fields, 'title-short', 'language'];
      expect(pick(back, keys), `${basename(file)} ${format}`).toEqual(pick(sent as Record<string, unknown>, keys));
    }
  });

  it('RIS keeps every value on one line', async () => {
    for (const line of (await cite(seed, 'ris')).split('\n').filter(Boolean)) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- ?/);
  });

  it('every CSL-JSON item, of the seed and the corpus, validates against the CSL-JSON schema; the schema rejects a wrong one', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    const check = ajv.compile(JSON.parse(readFileSync(join(root, 'schemas', 'csl-data.schema.json'), 'utf8')));
    const documents = [seed, ...xmlFiles(frus), ...xmlFiles(join(shared, 'corpus', 'tei-simple'))];
    let items = 0;
    for (const file of documents) {
      const outputs = [await cite(file, 'csl-json').catch(() => undefined), await cite(file, 'csl-json', { volume: true }).catch(() => undefined)].filter(Boolean);
      for (const output of outputs) {
        const data = JSON.parse(output!);
        expect(check(data), `${basename(file)}: ${ajv.errorsText(check.errors)}`).toBe(true);
        items += data.length;
      }
    }
    expect(items).toBeGreaterThanOrEqual(documents.length);
    expect(check([{ id: 'x', type: 'chapter', volume_title: 'wrong key' }])).toBe(false);
    expect(check([{ id: 'x', type: 'chapter', editor: 'not a list of names' }])).toBe(false);
  });

  it('editio\'s CSL styles are valid CSL (the CSL schema, run by rnv)', async () => {
    for (const style of ['chicago-notes-bibliography.csl', 'mla.csl']) {
      expect(await validateStyle(readFileSync(join(root, 'csl', style), 'utf8')), style).toBe('');
    }
    expect(await validateStyle('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="note"><info/></style>')).toMatch(/error/);
  });

  it('the TEI biblStruct of the seed, its volume and a modern document is TEI P5 (jing, tei_all)', async () => {
    const structs = [await cite(seed, 'tei'), await cite(seed, 'tei', { volume: true }), await cite(join(frus, 'frus1969-76v22_d15.xml'), 'tei')];
    const file = join(mkdtempSync(join(tmpdir(), 'editio-bibl-')), 'bibl.xml');
    writeFileSync(file, `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Citations</title></titleStmt><publicationStmt><p>Test</p></publicationStmt><sourceDesc><listBibl>${structs.join('')}</listBibl></sourceDesc></fileDesc></teiHeader><text><body><p>Test</p></body></text></TEI>`);
    const run = spawnSync('jing', [join(shared, 'schemas', 'tei_all.rng'), file], { encoding: 'utf8' });
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('editio cite', () => {
  it('prints the citation; --unit chooses among several units', () => {
    const run = editio('cite', join(frus, 'frus1941v07_ch23.xml'), '--unit', 'd255', '--format', 'chicago-short');
    expect(run.stdout).toBe('“Mr. Emilio G. Collado,” 310–11.\n');
    expect(run.status).toBe(0);
  });

  it('a unit that does not exist, or a format editio does not make, is a usage error (exit 2)', async () => {
    const missing = editio('cite', seed, '--unit', 'ch7');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('has no citable unit "ch7" (it has ch6)');
    const format = editio('cite', seed, '--format', 'harvard');
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/use one of chicago-note, .*, archival/);
    await expect(cite(seed, 'mla', { unit: 'ch7' })).rejects.toBeInstanceOf(UnitNotFoundError);
  });

  it('a document it cannot read gives its findings and exit 1', () => {
    const run = editio('cite', join(root, 'test', 'fixtures', 'hostile', 'truncated.xml'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/truncated\.xml:\d+:\d+ {2}error {2}xml-wellformed/);
    expect(run.stdout).toBe('');
  });
});
