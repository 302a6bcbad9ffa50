import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SaxonJS from 'saxon-js';
import { describe, expect, it } from 'vitest';
import { validate, type Diagnostic } from '../src/index.js';
import { compileRules } from '../src/validate/schematron.js';
import { editio, root, fixtures } from './helpers.js';

const xslt3 = join(root, 'node_modules', 'xslt3', 'xslt3.js');

/** Compile a Schematron schema with editio's compiler, as the build does, to SEF. */
function compile(schema: string): { status: number | null; stderr: string; sef?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'editio-sch-'));
  const xsl = join(dir, 'rules.xsl');
  const first = spawnSync(process.execPath, [xslt3, `-xsl:${join(root, 'xslt/schematron/compile.xsl')}`, `-s:${schema}`, `-o:${xsl}`], { encoding: 'utf8' });
  if (first.status !== 0) return { status: first.status, stderr: first.stderr };
  const sef = join(dir, 'rules.sef.json');
  const second = spawnSync(process.execPath, [xslt3, `-xsl:${xsl}`, `-export:${sef}`, '-nogo', '-relocate:on'], { encoding: 'utf8' });
  return { status: second.status, stderr: second.stderr, sef };
}

describe("editio's Schematron compiler", () => {
  const compiled = compile(join(fixtures, 'schematron', 'sample.sch'));

  it('compiles the supported subset', () => {
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  });

  it('runs asserts and reports with lets, value-of, name, roles, subjects and first-rule-wins', async () => {
    const doc = await SaxonJS.getResource({
      type: 'xml',
      text: `<doc xmlns="urn:test"><list><item/><item/><item/><item/></list><list special="yes"><item/><item/><item/><item/></list><x code="ab"/><x code="CD"/></doc>`,
    });
    const stylesheet = JSON.parse(readFileSync(compiled.sef!, 'utf8'));
    const result = SaxonJS.transform({ stylesheetInternal: stylesheet, sourceNode: doc, destination: 'serialized' }, 'sync');
    expect(JSON.parse(String(result.principalResult))).toEqual([
      { rule: 'too-many', severity: 'warning', path: '/Q{urn:test}doc[1]/Q{urn:test}list[1]', message: 'a list holds 4 items, more than 3' },
      { rule: 'special-list', severity: 'info', path: '/Q{urn:test}doc[1]/Q{urn:test}list[2]', message: 'special list' },
      { rule: 'code-form', severity: 'error', path: '/Q{urn:test}doc[1]/Q{urn:test}x[1]/@code', message: 'code "ab" is not two capitals' },
    ]);
  });

});

const letter = join(fixtures, 'schematron', 'letter.xml');
const brief = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity} ${d.rule}`;

/** A folder with node_modules/, so that compiled rules are cached in it, as in a project. */
function project(): string {
  const folder = mkdtempSync(join(tmpdir(), 'editio-project-'));
  mkdirSync(join(folder, 'node_modules'));
  return folder;
}

describe("a project's own rules, compiled when editio runs", () => {
  it('runs a Schematron file (--rules) after editio\'s rules, with lines and columns like theirs', async () => {
    const found = await validate(letter, { ruleFiles: [join(fixtures, 'schematron', 'project.sch')], cwd: project() });
    expect(found.map(brief)).toEqual(['14:17 error dateline-dated', '15:24 warning date-without-value']);
    expect(found[0]).toMatchObject({ source: 'rules', message: 'a dateline gives the date of the letter: this one has Washington.', xpath: '/TEI[1]/text[1]/body[1]/div[1]/opener[1]/dateline[1]' });
  });

  it('runs the Schematron a RelaxNG schema embeds, from among its definitions and from inside an element\'s definition (TEI\'s nonfatal is a warning)', async () => {
    const found = await validate(letter, { schema: join(fixtures, 'schematron', 'embedded.rng'), cwd: project() });
    expect(found.map(brief)).toEqual(['15:24 warning date-valued', '16:9 error paragraph-empty']);
    // Without the rule checks, the schema is a grammar alone.
    expect(await validate(letter, { schema: join(fixtures, 'schematron', 'embedded.rng'), rules: false })).toEqual([]);
  });

  it('compiles a schema once and keeps it in node_modules/.cache/editio/rules/ by the hash of its text', async () => {
    const cwd = project();
    const schema = join(fixtures, 'schematron', 'project.sch');
    const first = (await compileRules(schema, cwd))!;
    expect(first.sef.startsWith(join(cwd, 'node_modules', '.cache', 'editio', 'rules'))).toBe(true);
    expect(first.rules).toEqual(['dateline-dated', 'date-without-value']);
    const made = statSync(first.sef).mtimeMs;
    const again = (await compileRules(schema, cwd))!;
    expect(again.sef).toBe(first.sef);
    expect(statSync(again.sef).mtimeMs).toBe(made);
    // An edit is another schema.
    const edited = join(cwd, 'project.sch');
    writeFileSync(edited, readFileSync(schema, 'utf8').replace('has no @when', 'has no value'));
    expect((await compileRules(edited, cwd))!.sef).not.toBe(first.sef);
    // A RelaxNG schema without Schematron has no rules to compile.
    expect(await compileRules(join(root, 'schemas', 'editio.rng'), cwd)).toBeUndefined();
  });

  it('takes --rules on the command line, repeated', () => {
    const run = editio('validate', '--rules', 'test/fixtures/schematron/project.sch', '--rules', 'test/fixtures/schematron/embedded.rng', 'test/fixtures/schematron/letter.xml');
    expect(run.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s{2,}/).slice(0, 3).join(' '))).toEqual([
      'test/fixtures/schematron/letter.xml:14:17 error dateline-dated',
      'test/fixtures/schematron/letter.xml:15:24 warning date-valued',
      'test/fixtures/schematron/letter.xml:15:24 warning date-without-value',
      'test/fixtures/schematron/letter.xml:16:9 error paragraph-empty',
    ]);
    expect(run.status).toBe(1);
  });

  const SCH = 'xmlns:sch="http://purl.oclc.org/dsdl/schematron"';
  const RULE = '<sch:rule context="*"><sch:assert test="true()">never</sch:assert></sch:rule>';
  it.each([
    ['a phase', `<sch:schema ${SCH} queryBinding="xslt2">\n  <sch:phase id="only"/>\n  <sch:pattern>${RULE}</sch:pattern>\n</sch:schema>`, '2:3', 'sch:phase (in sch:schema)'],
    ['an abstract pattern', `<sch:schema ${SCH} queryBinding="xslt2">\n  <sch:pattern abstract="true" id="a">${RULE}</sch:pattern>\n</sch:schema>`, '2:16', 'abstract patterns and rules'],
    ['an include', `<sch:schema ${SCH} queryBinding="xslt2">\n  <sch:include href="more.sch"/>\n</sch:schema>`, '2:3', 'sch:include (in sch:schema)'],
    ['no query binding (XSLT 1)', `<sch:schema ${SCH}>\n  <sch:pattern>${RULE}</sch:pattern>\n</sch:schema>`, '1:1', 'the query binding (none: xslt1) (use queryBinding="xslt2" or "xslt3")'],
    ['another query binding', `<sch:schema ${SCH} queryBinding="exslt">\n  <sch:pattern>${RULE}</sch:pattern>\n</sch:schema>`, '1:62', 'the query binding exslt (use queryBinding="xslt2" or "xslt3")'],
    ['diagnostics', `<sch:schema ${SCH} queryBinding="xslt2">\n  <sch:pattern><sch:rule context="*">\n    <sch:assert test="true()" diagnostics="d1">x</sch:assert></sch:rule></sch:pattern>\n</sch:schema>`, '3:31', '@diagnostics on sch:assert'],
    ['a role it cannot map', `<sch:schema ${SCH} queryBinding="xslt2">\n  <sch:pattern><sch:rule context="*">\n    <sch:assert test="true()" role="critical">x</sch:assert></sch:rule></sch:pattern>\n</sch:schema>`, '3:31', 'the role critical (use error, warning or info)'],
    ['a phase in a RelaxNG schema', `<grammar xmlns="http://relaxng.org/ns/structure/1.0" ${SCH}>\n  <start><element name="x"><text/></element></start>\n  <sch:phase id="p"/>\n  <sch:pattern>${RULE}</sch:pattern>\n</grammar>`, '3:3', 'sch:phase (in grammar)'],
  ])('names what the compiler does not support, at its place, and checks nothing with those rules: %s', async (_what, text, place, what) => {
    const cwd = project();
    const file = join(cwd, 'rules.sch');
    writeFileSync(file, text);
    const message = `${file}:${place}: editio's Schematron compiler does not support ${what}`;
    await expect(validate(letter, { ruleFiles: [file], cwd })).rejects.toThrow(message);
    const run = editio('validate', '--rules', file, letter);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${message}; nothing was checked against these rules\n`);
  });

  it('names a rules file that is missing or not well-formed, and a severity for a rule no rules file has', async () => {
    const cwd = project();
    await expect(validate(letter, { ruleFiles: [join(cwd, 'missing.sch')], cwd })).rejects.toThrow(`${join(cwd, 'missing.sch')}: cannot read the rules: no such file`);
    writeFileSync(join(cwd, 'broken.sch'), `<sch:schema ${SCH} queryBinding="xslt2">\n  <sch:pattern>\n</sch:schema>`);
    await expect(validate(letter, { ruleFiles: [join(cwd, 'broken.sch')], cwd })).rejects.toThrow(/broken\.sch:3:\d+: not well-formed XML/);
    await expect(validate(letter, { severities: { 'dateline-dated': 'warning' }, cwd })).rejects.toThrow('severities: severities.dateline-dated: no rule of that name');
    const found = await validate(letter, { ruleFiles: [join(fixtures, 'schematron', 'project.sch')], severities: { 'dateline-dated': 'warning', 'date-without-value': 'off' }, cwd });
    expect(found.map(brief)).toEqual(['14:17 warning dateline-dated']);
  });
});
