import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editio, fixtures, root } from './helpers.js';

const TEXT_LINE = /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+) {2}(?<severity>error|warning|info) {2}(?<rule>[a-z-]+) {2}(?<message>.+)$/;

describe('editio validate', () => {
  it('passes the embedded edition (tei/ by default) with no findings and exit 0', () => {
    const run = editio('validate');
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('1 document valid, no findings\n');
    expect(run.status).toBe(0);
  });

  it('prints one file:line:column line per finding, a summary, and exits 1 on errors', () => {
    const run = editio('validate', 'test/fixtures/invalid/impossible-date.xml', 'test/fixtures/invalid/footnote-gap.xml');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(TEXT_LINE);
    expect(TEXT_LINE.exec(lines[0]!)!.groups).toMatchObject({ file: 'test/fixtures/invalid/footnote-gap.xml', line: '16', column: '76', severity: 'error', rule: 'footnote-sequence' });
    expect(TEXT_LINE.exec(lines[1]!)!.groups).toMatchObject({ file: 'test/fixtures/invalid/impossible-date.xml', line: '16', column: '24', rule: 'date-valid' });
    expect(run.stderr).toBe('2 errors, 0 warnings in 2 documents (2 with errors)\n');
    expect(run.status).toBe(1);
  });

  it('exits 0 when there are only warnings', () => {
    const run = editio('validate', 'test/fixtures/invalid/unused-authority.xml');
    expect(run.stdout).toContain('warning  authority-used');
    expect(run.status).toBe(0);
  });

  it('--format json prints an array of {file, line, column, severity, rule, message, xpath}', () => {
    const run = editio('validate', '--format', 'json', 'test/fixtures/invalid/dangling-reference.xml', 'test/fixtures/invalid/malformed.xml');
    const rows = JSON.parse(run.stdout);
    expect(rows).toEqual([
      {
        file: 'test/fixtures/invalid/dangling-reference.xml', line: 16, column: 38, severity: 'error', rule: 'ref-resolves', source: 'rules',
        message: 'dangling reference: #boal points to no xml:id in this document',
        xpath: '/TEI[1]/text[1]/body[1]/div[1]/p[1]/persName[1]/@ref',
      },
      {
        file: 'test/fixtures/invalid/malformed.xml', line: 16, column: 52, severity: 'error', rule: 'xml-wellformed', source: 'xml',
        message: "not well-formed: Expected closing tag 'hi' (opened in line 16, col 24) instead of closing tag 'p'.",
        xpath: null,
      },
    ]);
    expect(run.status).toBe(1);
  });

  it('validates every *.xml in a folder and keeps going past broken files', () => {
    const run = editio('validate', '--format', 'json', 'test/fixtures');
    const rows = JSON.parse(run.stdout) as { file: string }[];
    const files = new Set(rows.map((r) => r.file));
    expect(files.size).toBeGreaterThanOrEqual(19); // every broken fixture, none of the valid ones
    expect([...files].some((f) => f.includes('/valid/'))).toBe(false);
    expect(run.status).toBe(1);
  });

  it('exits 2 for a missing file, and still reports the others', () => {
    const run = editio('validate', 'no/such/file.xml', 'test/fixtures/invalid/impossible-date.xml');
    expect(run.stdout).toContain('no/such/file.xml  error  io-read  no such file or folder');
    expect(run.stdout).toContain('impossible-date.xml:16:24  error  date-valid');
    expect(run.status).toBe(2);
  });

  it('exits 2 for usage errors', () => {
    const run = editio('validate', '--format', 'yaml');
    expect(run.stderr).toMatch(/use text or json/);
    expect(run.status).toBe(2);
    expect(editio('frobnicate').status).toBe(2);
    expect(editio('validate', '--jobs', '0').stderr).toMatch(/use a whole number/);
  });

  it('--schema validates against another RelaxNG schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'editio-'));
    const schema = join(dir, 'versioned.rng');
    // A schema that requires TEI/@version, which the seed does not give.
    writeFileSync(schema, `<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0">
  <start><element name="TEI"><attribute name="version"><text/></attribute><ref name="content"/></element></start>
  <define name="any"><element><anyName/><zeroOrMore><attribute><anyName/></attribute></zeroOrMore><ref name="content"/></element></define>
  <define name="content"><zeroOrMore><choice><text/><ref name="any"/></choice></zeroOrMore></define>
</grammar>`);
    const run = editio('validate', '--schema', schema, 'tei');
    expect(run.stdout).toMatch(/^tei\/frus1944v07-ch6\.xml:2:1  error  rng-attribute  TEI lacks the required attribute version/m);
    expect(run.stdout).toContain(`(${schema})`);
    expect(run.status).toBe(1);
  });

  it('exits 2 with a clear message when the schema does not compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'editio-'));
    const schema = join(dir, 'broken.rng');
    writeFileSync(schema, '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="nowhere"/></start></grammar>');
    const run = editio('validate', '--schema', schema, 'tei');
    expect(run.stderr).toContain(`${schema}: the RelaxNG schema does not compile`);
    expect(run.status).toBe(2);
  });

  it('exits 2 when the --schema file is missing', () => {
    const run = editio('validate', '--schema', join(fixtures, 'nowhere.rng'), 'tei');
    expect(run.stderr).toMatch(/nowhere\.rng/);
    expect(run.status).toBe(2);
  });

  it('loads saxon-js only when the rule checks run, and none of the build\'s packages', () => {
    // The packages a run has loaded, printed as it exits (CommonJS ones: saxon-js, handlebars, citeproc, cli-progress are).
    const probe = join(mkdtempSync(join(tmpdir(), 'editio-')), 'packages.cjs');
    writeFileSync(probe, `process.on('exit', () => process.stderr.write('packages: ' + JSON.stringify([...new Set(Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))].sort()) + '\\n'));`);
    const packages = (...args: string[]) => {
      const run = spawnSync(process.execPath, ['--require', probe, join(root, 'dist', 'cli.js'), ...args], { cwd: root, encoding: 'utf8' });
      return JSON.parse(/^packages: (.*)$/m.exec(run.stderr)![1]!) as string[];
    };
    const grammarOnly = packages('validate', '--no-rules', 'tei');
    expect(grammarOnly).toContain('xmllint-wasm');
    expect(grammarOnly).not.toContain('saxon-js');
    for (const name of ['handlebars', 'citeproc', 'cli-progress', '@citation-js/core']) expect(grammarOnly).not.toContain(name);
    const withRules = packages('validate', 'tei');
    expect(withRules).toContain('saxon-js');
    expect(withRules).not.toContain('handlebars');
    expect(packages('--version')).not.toContain('xmllint-wasm');
  });
});
