import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
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
