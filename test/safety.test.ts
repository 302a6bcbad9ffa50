import { readFileSync, existsSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, render, validate } from '../src/index.js';
import { checkText } from '../src/load/source.js';
import { editio, fixtures } from './helpers.js';

describe('safe loading', () => {
  it('refuses an external entity naming /etc/hostname and leaks nothing of it', async () => {
    const xxe = join(fixtures, 'invalid', 'xxe.xml');
    expect(readFileSync(xxe, 'utf8')).toContain('file:///etc/hostname');
    const found = await validate(xxe);
    expect(found.map((d) => d.rule)).toEqual(['xml-doctype']);
    const run = editio('validate', '--format', 'json', xxe);
    const text = editio('validate', xxe);
    const hostname = existsSync('/etc/hostname') ? readFileSync('/etc/hostname', 'utf8').trim() : '';
    if (hostname.length >= 3) {
      for (const output of [run.stdout, run.stderr, text.stdout, text.stderr, JSON.stringify(found)]) {
        expect(output).not.toContain(hostname);
      }
    }
    expect(run.status).toBe(1);
  });

  it('ends an entity bomb in well under a second, before any XML engine sees it', async () => {
    const bomb = readFileSync(join(fixtures, 'invalid', 'entity-bomb.xml'), 'utf8');
    const started = performance.now();
    const found = await validate({ file: 'bomb.xml', text: bomb });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(found).toMatchObject([{ file: 'bomb.xml', rule: 'xml-doctype', severity: 'error' }]);
  });

  it('refuses any DOCTYPE, even a harmless one, after comments and processing instructions', () => {
    const text = '<?xml version="1.0"?>\n<!-- a comment -->\n<?pi x?>\n<!DOCTYPE TEI SYSTEM "tei.dtd">\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>';
    expect(checkText({ file: 'x.xml', text }).diagnostics).toMatchObject([{ line: 4, column: 1, rule: 'xml-doctype' }]);
  });

  it('does not mistake a DOCTYPE inside a comment for one', () => {
    const text = '<!-- <!DOCTYPE x> -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>';
    expect(checkText({ file: 'x.xml', text }).diagnostics).toEqual([]);
  });

  it('refuses encodings it cannot read, with the place of the declaration', () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"/>';
    expect(checkText({ file: 'x.xml', text }).diagnostics).toMatchObject([{ line: 1, column: 1, rule: 'xml-encoding' }]);
  });

  it('validating writes no files', async () => {
    const before = readdirSync(join(fixtures, 'invalid')).sort();
    await validate(join(fixtures, 'invalid'));
    expect(readdirSync(join(fixtures, 'invalid')).sort()).toEqual(before);
  });
});

describe('broken and odd input', () => {
  const seedText = readFileSync(join(fixtures, '..', '..', 'tei', 'frus1944v07-ch6.xml'), 'utf8');

  it('refuses characters XML forbids (a NUL byte) at their exact place', () => {
    const text = seedText.replace('January 1, 1944', 'January\u0000 1, 1944');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('\u0000')) + 1;
    expect(checkText({ file: 'nul.xml', text }).diagnostics).toMatchObject([
      { line, column: lines[line - 1]!.indexOf('\u0000') + 1, rule: 'xml-wellformed', message: 'not well-formed: the character U+0000 is not allowed in XML' },
    ]);
  });

  it('reports nesting too deep for the engines as a problem of the document, not a crash', async () => {
    const deep = seedText.replace('January 1, 1944', `${'<hi rend="italic">'.repeat(10000)}January 1, 1944${'</hi>'.repeat(10000)}`);
    expect(deep.length).toBeGreaterThan(seedText.length + 200_000);
    const found = await validate({ file: 'deep.xml', text: deep });
    expect(found.map((d) => d.rule)).toEqual(['xml-wellformed']);
    expect(found[0]!.message).toMatch(/depth/i);
    // At the start tag that passes the limit, the same place for render as for validate.
    expect(deep.split('\n')[found[0]!.line - 1]!.slice(found[0]!.column - 1)).toMatch(/^<hi rend="italic">/);
    await expect(render({ file: 'deep.xml', text: deep }, 'html')).rejects.toMatchObject({ diagnostics: found });
  });

  it('keeps file names in any script, and no identifier can lead out of the output folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'editio-names-'));
    const named = join(dir, 'документ №1.xml');
    writeFileSync(named, seedText.replace('<idno type="frus">frus1944v07</idno>', ''));
    const escaping = join(dir, 'escape.xml');
    writeFileSync(escaping, seedText.replace('<idno type="frus">frus1944v07</idno>', '<idno type="frus">../../escaped</idno>'));
    const out = join(dir, 'site');
    const report = await build({ input: [named, escaping], out, validate: false });
    expect(report.documents).toBe(2);
    const written = readdirSync(out, { recursive: true, encoding: 'utf8' }).sort();
    expect(written).toContain('документ__1/ch6.html');
    expect(written).toContain('_._.._escaped/ch6.html');
    expect(readdirSync(dir).sort()).toEqual(['escape.xml', 'site', 'документ №1.xml']);
  });
});
