/**
 * The grammar engines (src/validate/schema.ts): a schema of any size, compiled once and cached;
 * resource failures reported as such; the derivative engine's verdicts against jing's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResourceError, validate } from '../src/index.js';
import { loadSchema } from '../src/validate/schema.js';
import { cacheFolder } from '../src/corpus/cache.js';
import { Locator } from '../src/load/locator.js';
// @ts-expect-error: a plain JavaScript module of the benchmarks, without types
import { generateVolume } from '../bench/volume.mjs';
import { editio, fixtures, root, seed, shared, xmlFiles } from './helpers.js';

const TEI_ALL = join(shared, 'schemas', 'tei_all.rng');
const TEI = 'http://www.tei-c.org/ns/1.0';

/** A document of the seed's header with this body. */
function withBody(body: string): string {
  const text = readFileSync(seed, 'utf8');
  return text.replace(/<body>[\s\S]*<\/body>/, `<body>${body}</body>`);
}

describe('any schema, correctly', () => {
  it('validates the embedded edition against tei_all: exit 0, no findings (the derivative engine)', async () => {
    const run = editio('validate', '--schema', TEI_ALL, 'tei/');
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
    expect((await loadSchema(TEI_ALL, 'tei_all.rng')).engine).toBe('derivatives');
    expect((await loadSchema(join(root, 'schemas', 'editio.rng'), 'editio.rng')).engine).toBe('libxml2');
  });

  it('a tiny memory limit is a resource error (exit 2, one line naming the schema), never a finding about the document', async () => {
    // editio's profile is named as the project names it.
    for (const [schema, name] of [[TEI_ALL, TEI_ALL], [join(root, 'schemas', 'editio.rng'), 'schemas/editio.rng']]) {
      const run = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'validate', '--schema', schema!, 'tei/'], {
        cwd: root, encoding: 'utf8', env: { ...process.env, EDITIO_MEMORY_LIMIT: '1' },
      });
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.startsWith(`${name}: `)).toBe(true);
      expect(run.stderr).toMatch(/ran out of memory/);
      expect(run.status).toBe(2);
    }
    // The library: a ResourceError, for both engines.
    for (const schema of [TEI_ALL, join(root, 'schemas', 'editio.rng')]) {
      await expect(validate(seed, { schema, memoryLimit: 1024 * 1024 })).rejects.toBeInstanceOf(ResourceError);
    }
  });

  it('libxml2 gets memory for a large schema too: tei_all through libxml2 finds the seed valid', async () => {
    const { checkRelaxNG } = await import('../src/validate/relaxng.js');
    const found = await checkRelaxNG([{ file: seed, text: readFileSync(seed, 'utf8') }], { fileName: 'tei_all.rng', contents: readFileSync(TEI_ALL, 'utf8') }, new Map());
    expect(found).toEqual([]);
  }, 180_000); // libxml2 compiles tei_all in 7–9 s, far longer on a busy machine

  it('follows includes relative to the schema, ignores embedded Schematron, and caches the simplified schema by content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'editio-schema-'));
    mkdirSync(join(dir, 'project'));
    const common = join(dir, 'common.rng');
    const grammar = (version: string) => `<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="${TEI}">
  <define name="any"><element><anyName/><zeroOrMore><attribute><anyName/></attribute></zeroOrMore><ref name="content"/></element></define>
  <define name="content"><zeroOrMore><choice><text/><ref name="any"/></choice></zeroOrMore></define>
  <define name="version"><attribute name="version"><value>${version}</value></attribute></define>
</grammar>`;
    writeFileSync(common, grammar('4.0'));
    // "../common.rng" is outside the schema's folder: the derivative engine follows it.
    const main = join(dir, 'project', 'main.rng');
    writeFileSync(main, `<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron" ns="${TEI}">
  <include href="../common.rng"/>
  <sch:pattern id="never"><sch:rule context="tei:TEI"><sch:assert test="false()">Schematron is not RelaxNG's business</sch:assert></sch:rule></sch:pattern>
  <start><element name="TEI"><ref name="version"/><zeroOrMore><attribute><anyName><except><name ns="">version</name></except></anyName></attribute></zeroOrMore><ref name="content"/></element></start>
</grammar>`);
    const document = { file: 'versioned.xml', text: `<TEI xmlns="${TEI}" version="4.0"><teiHeader/></TEI>` };
    expect(await validate(document, { schema: main, rules: false })).toEqual([]);
    const schema = await loadSchema(main, main);
    expect(schema.engine).toBe('derivatives');
    const cached = readdirSync(join(cacheFolder(process.cwd()), 'schemas'));
    expect(cached.length).toBeGreaterThan(0);

    // A change in the included file is seen: the cache is keyed by the content of every file.
    writeFileSync(common, grammar('5.0'));
    const found = await validate(document, { schema: main, rules: false });
    expect(found).toMatchObject([{ file: 'versioned.xml', line: 1, column: 42, rule: 'rng-value', source: 'rng', xpath: '/TEI[1]/@version' }]);
    expect(found[0]!.message).toBe(`attribute version of TEI has the value "4.0", which is not "5.0" (${main})`);
  });

  it('build checks against the same compiled schema, and a change in an included file makes its cached findings stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'editio-schema-build-'));
    const common = join(dir, 'common.rng');
    const withTitle = (title: string) => `<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="${TEI}">
  <define name="title"><element name="title"><attribute name="level"><value>${title}</value></attribute><text/></element></define>
</grammar>`;
    writeFileSync(common, withTitle('m'));
    const main = join(dir, 'sub', 'main.rng');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(main, `<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="${TEI}">
  <include href="../common.rng"/>
  <start><element name="TEI"><element name="teiHeader"><ref name="title"/></element><element name="text"><text/></element></element></start>
</grammar>`);
    const input = join(dir, 'doc.xml');
    writeFileSync(input, `<TEI xmlns="${TEI}"><teiHeader><title level="m">A</title></teiHeader><text>words</text></TEI>`);
    const { build } = await import('../src/index.js');
    const first = await build({ input, out: join(dir, 'site'), schema: main, jobs: 1 });
    expect(first.diagnostics.filter((d) => d.source === 'rng')).toEqual([]);
    writeFileSync(common, withTitle('a'));
    const second = await build({ input, out: join(dir, 'site'), schema: main, jobs: 1 });
    expect(second.cached).toBe(0);
    expect(second.diagnostics.filter((d) => d.source === 'rng').map((d) => d.rule)).toEqual(['rng-value']);
  }, 180_000);

  it('a schema that does not simplify is a SchemaError naming it (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'editio-schema-'));
    const main = join(dir, 'main.rng');
    writeFileSync(main, `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="missing.rng"/><start><ref name="x"/></start></grammar>`);
    const run = editio('validate', '--schema', main, 'tei');
    expect(run.stderr).toContain(main);
    expect(run.status).toBe(2);
  });
});

describe('the derivative engine\'s findings', () => {
  const check = (body: string) => validate({ file: 'draft.xml', text: withBody(body) }, { schema: TEI_ALL, rules: false });

  it('an element out of place: one rng-element finding at its start tag, with what was expected, and no complaint about its parent', async () => {
    const found = await check('<div><p>One.</p><head>Late</head></div>');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'rng-element', source: 'rng', severity: 'error' });
    expect(found[0]!.message).toMatch(/^element head is not allowed in div; expected .*\(.*tei_all\.rng\)$/);
    expect(found[0]!.xpath).toMatch(/\/body\[1\]\/div\[1\]\/head\[1\]$/);
    const line = withBody('<div><p>One.</p><head>Late</head></div>').split('\n').findIndex((l) => l.includes('<head>Late')) + 1;
    expect(found[0]!.line).toBe(line);
  });

  it('an unknown attribute, a wrong value and a missing attribute: rng-attribute, rng-value, rng-attribute, each at its place', async () => {
    const found = await check('<p rend="x" bogus="1">a <date when="1944-13-45">date</date> <graphic/></p>');
    expect(found.map((d) => [d.rule, d.message.replace(` (${TEI_ALL})`, '')])).toEqual([
      ['rng-attribute', 'attribute bogus is not allowed on p'],
      ['rng-value', expect.stringMatching(/^attribute when of date has the value "1944-13-45", which is not .*a date \(YYYY-MM-DD\)/)],
      ['rng-attribute', 'graphic lacks the required attribute url'],
    ]);
    expect(found[0]!.xpath).toMatch(/\/p\[1\]\/@bogus$/);
    expect(found[1]!.xpath).toMatch(/\/date\[1\]\/@when$/);
  });

  it('an element the schema does not know is one finding, whatever it contains', async () => {
    const found = await check('<div><x:note xmlns:x="urn:example"><p>inside</p><head/></x:note><p>after</p></div>');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/^element x:note is not allowed in div/);
  });

  it('names each node by the path the rules use, and that path leads to the line and column it reports', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'editio-paths-')), 'volume.xml');
    generateVolume(0.3, file);
    const text = readFileSync(file, 'utf8');
    const found = await validate(file, { schema: TEI_ALL, rules: false });
    // The FRUS namespace's attributes and elements, which tei_all does not know, at many depths and positions.
    expect(found.some((d) => /\/@Q\{http:\/\/history\.state\.gov\/frus\/ns\/1\.0\}doc-dateTime-min$/.test(d.xpath!))).toBe(true);
    expect(found.some((d) => /\/Q\{http:\/\/history\.state\.gov\/frus\/ns\/1\.0\}attachment\[\d+\]$/.test(d.xpath!))).toBe(true);
    const locator = new Locator(text);
    for (const d of found) expect(locator.locatePath(d.xpath!), `${d.line}:${d.column} ${d.xpath}`).toEqual({ line: d.line, column: d.column });
  });

  it('an incomplete element names what it needs', async () => {
    const found = await check('<list><head>Empty list</head></list>');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toBe(`list is incomplete; it needs item or label (${TEI_ALL})`);
  });
});

describe.skipIf(!existsSync('/usr/bin/jing'))('the derivative engine agrees with jing (tei_all)', () => {
  it('on the shared corpus and the seed: the same verdict for every file, and every line it reports is one jing reports', async () => {
    const files = [seed, ...xmlFiles(join(shared, 'corpus'))].filter((f) => !readFileSync(f, 'utf8').includes('<!DOCTYPE'));
    expect(files.length).toBeGreaterThan(25);
    const run = spawnSync('jing', [TEI_ALL, ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const jingLines = new Map<string, Set<number>>();
    for (const m of run.stdout.matchAll(/^(.+?):(\d+):\d+: (?:error|fatal)/gm)) {
      if (!jingLines.has(m[1]!)) jingLines.set(m[1]!, new Set());
      jingLines.get(m[1]!)!.add(Number(m[2]));
    }
    const found = await validate(files, { schema: TEI_ALL, rules: false });
    for (const file of files) {
      const ours = found.filter((d) => d.file === file);
      expect({ file, valid: ours.length === 0 }).toEqual({ file, valid: !jingLines.has(file) });
      // editio places a finding at its element or attribute, jing where the start tag ends: the same tag.
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const d of ours) {
        let tagEnd = d.line;
        while (!lines[tagEnd - 1]!.slice(tagEnd === d.line ? d.column - 1 : 0).includes('>')) tagEnd++;
        const jingAt = [...jingLines.get(file)!].filter((l) => l >= d.line && l <= tagEnd);
        expect(jingAt.length, `${file}:${d.line}:${d.column} ${d.message}`).toBeGreaterThan(0);
      }
    }
    expect(found.length).toBeGreaterThan(0); // the FRUS fragments use the frus: namespace, which tei_all does not know
  }, 120_000);

  it('on the fixtures that editio\'s profile accepts', async () => {
    const files = xmlFiles(join(fixtures, 'valid'));
    const found = await validate(files, { schema: TEI_ALL, rules: false });
    expect(found).toEqual([]);
    expect(spawnSync('jing', [TEI_ALL, ...files], { encoding: 'utf8' }).status).toBe(0);
  });
});

describe('both engines give the same findings for the same document and schema', () => {
  /** editio's profile through the derivative engine: a schema that includes it from outside its folder. */
  function throughDerivatives(schema: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'editio-engines-'));
    const wrapper = join(dir, 'wrapper.rng');
    writeFileSync(wrapper, `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="${schema}"/></grammar>`);
    return wrapper;
  }
  /** A finding without the schema's name, which each engine is given differently. */
  const brief = (d: { file: string; line: number; column: number; rule: string; message: string }) => `${d.file.split('/').pop()}:${d.line}:${d.column} ${d.rule} ${d.message.replace(/ \([^()]*\.rng\)$/, '')}`;

  it("FRUS fragments under editio's profile: each frus: attribute and element once, where it stands (libxml2 alone stops at a div's first fault)", async () => {
    const profile = join(root, 'schemas', 'editio.rng');
    const wrapper = throughDerivatives(profile);
    expect((await loadSchema(profile, 'editio.rng')).engine).toBe('libxml2');
    expect((await loadSchema(wrapper, wrapper)).engine).toBe('derivatives');
    const files = xmlFiles(join(shared, 'corpus', 'frus'));
    const byLibxml2 = (await validate(files, { schema: profile, rules: false })).map(brief);
    const byDerivatives = (await validate(files, { schema: wrapper, rules: false })).map(brief);
    expect(byLibxml2).toEqual(byDerivatives);
    // Every div with FRUS dates has both reported: frus1941v07_ch24.xml's chapter div, which libxml2 alone blamed on its <p>.
    const text = files.map((f) => readFileSync(f, 'utf8')).join('');
    expect(byLibxml2.filter((l) => / rng-attribute attribute frus:doc-dateTime-m(in|ax) is not allowed on div$/.test(l))).toHaveLength(text.match(/\sfrus:doc-dateTime-m(in|ax)=/g)!.length);
    expect(byLibxml2).toContain('frus1941v07_ch24.xml:31:21 rng-attribute attribute frus:doc-dateTime-min is not allowed on div');
  }, 120_000);

  it('libxml2 reads only a document the derivative engine finds a fault in, or one with a stretch longer than its parser allows', async () => {
    const schema = await loadSchema(join(root, 'schemas', 'editio.rng'), 'editio.rng');
    const text = readFileSync(seed, 'utf8');
    expect(await schema.validWhole!({ file: 'seed.xml', text })).toBe(true);
    const faulty = { file: 'faulty.xml', text: text.replace('<p>[On', '<p bogus="1">[On') };
    expect(await schema.validWhole!(faulty)).toBe(false);
    expect((await validate(faulty, { rules: false })).map((d) => d.message)).toEqual([`attribute bogus is not allowed on p (schemas/editio.rng)`]);
    // A paragraph of 60,000 characters without markup: valid, and libxml2 (which refuses names over 50,000) says so itself.
    const long = { file: 'long.xml', text: text.replace('<p>[On', `<p>${'word '.repeat(12_000)}[On`) };
    expect(await schema.validWhole!(long)).toBe(false);
    expect(await validate(long, { rules: false })).toEqual([]);
  });

  it('a value salve accepts and libxml2 refuses goes to libxml2, whose finding stays', async () => {
    const schema = await loadSchema(join(root, 'schemas', 'editio.rng'), 'editio.rng');
    const text = readFileSync(seed, 'utf8');
    // URIs libxml2's parser cannot read: the derivative engine alone would call these documents valid.
    for (const uri of ['[', ':a', 'http://x:port/', 'http://x:99999999999/', 'http://a@b@c']) {
      const doc = { file: 'uri.xml', text: text.replace('<p>[On', `<p corresp="${uri}">[On`) };
      expect(await schema.validWhole!(doc)).toBe(false);
      expect((await validate(doc, { rules: false })).map((d) => `${d.rule} ${d.message}`)).toEqual(['rng-attribute Invalid attribute corresp for element p (schemas/editio.rng)']);
    }
    for (const uri of ['#d1', 'https://history.state.gov/x?y=1#z', '../a/b.xml', 'mailto:a@b.org', 'urn:isbn:0451450523', 'http://[::1]:8080/']) {
      expect(await schema.validWhole!({ file: 'uri.xml', text: text.replace('<p>[On', `<p corresp="${uri}">[On`) })).toBe(true);
    }
    // dateTimes of the year 0000, or of more than four digits, under the FRUS profile.
    const frus = await loadSchema(join(root, 'schemas', 'frus.rng'), 'frus.rng');
    const volume = readFileSync(join(shared, 'corpus', 'frus', 'frus1941v07_ch24.xml'), 'utf8');
    const dated = (when: string) => ({ file: 'dated.xml', text: volume.replace(/frus:doc-dateTime-min="[^"]*"/, `frus:doc-dateTime-min="${when}"`) });
    expect(await frus.validWhole!(dated('1941-06-01T00:00:00'))).toBe(true);
    for (const when of ['0000-01-01T00:00:00', '-0000-01-01T00:00:00', '99999999999-01-01T00:00:00']) {
      expect(await frus.validWhole!(dated(when))).toBe(false);
      expect((await frus.check([dated(when)], new Map())).map((d) => d.rule)).toContain('rng-element');
    }
  }, 120_000);

  it('a value of a type not compared with libxml2 (xsd:ID, whose uniqueness libxml2 checks) goes to libxml2', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'editio-id-'));
    writeFileSync(join(folder, 'ids.rng'), `<element name="list" xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <oneOrMore><element name="item"><attribute name="key"><data type="ID"/></attribute><text/></element></oneOrMore></element>`);
    const schema = await loadSchema(join(folder, 'ids.rng'), 'ids.rng');
    expect(schema.engine).toBe('libxml2');
    const twice = { file: 'ids.xml', text: '<list><item key="a">x</item><item key="a">y</item></list>' };
    expect(await schema.validWhole!(twice)).toBe(false);
    expect((await schema.check([twice], new Map())).length).toBeGreaterThan(0);
  });

  it('the fixtures under their profiles', async () => {
    for (const [folder, name] of [['invalid', 'editio.rng'], ['frus', 'frus.rng']] as const) {
      const profile = join(root, 'schemas', name);
      const wrapper = throughDerivatives(profile);
      const files = xmlFiles(join(fixtures, folder));
      const grammar = (found: Awaited<ReturnType<typeof validate>>) => found.filter((d) => d.source === 'rng').map(brief);
      expect(grammar(await validate(files, { schema: profile, rules: false }))).toEqual(grammar(await validate(files, { schema: wrapper, rules: false })));
    }
  }, 120_000);
});
