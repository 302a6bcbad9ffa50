import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validate, type Diagnostic } from '../src/index.js';
import { shared, xmlFiles } from './helpers.js';

// Real TEI written by others (FRUS fragments, TEI Simple books): editio must get through all of
// it without crashing, and every finding must point at the place it talks about.
const corpus = join(shared, 'corpus');
const files = xmlFiles(corpus);
let found: Diagnostic[] = [];

beforeAll(async () => {
  found = await validate(corpus);
}, 120_000);

describe('validating the shared corpus', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it('completes with findings (the corpus is not written to editio\'s profile)', () => {
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) expect(files).toContain(d.file);
  });

  it('places every finding inside its file', () => {
    const lines = new Map(files.map((f) => [f, readFileSync(f, 'utf8').split('\n')]));
    for (const d of found) {
      const text = lines.get(d.file)!;
      expect(d.line, `${d.file}:${d.line}`).toBeGreaterThanOrEqual(1);
      expect(d.line).toBeLessThanOrEqual(text.length);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeLessThanOrEqual(text[d.line - 1]!.length + 1);
    }
  });

  it('points each rule and grammar finding exactly at the element or attribute its path names', () => {
    const lines = new Map(files.map((f) => [f, readFileSync(f, 'utf8').split('\n')]));
    const located = found.filter((d) => d.xpath && (d.source === 'rules' || d.source === 'rng'));
    expect(located.length).toBeGreaterThan(50);
    for (const d of located) {
      // A start tag may go on after its name on the next line.
      const at = `${lines.get(d.file)![d.line - 1]!.slice(d.column - 1)}\n${lines.get(d.file)![d.line] ?? ''}`;
      const last = d.xpath!.split('/').pop()!;
      const expected = last.startsWith('@')
        ? last.slice(1).replace(/^Q\{[^}]*\}/, '')
        : '<' + last.replace(/\[\d+\]$/, '').replace(/^Q\{[^}]*\}/, '');
      expect(at.replace(/^<[\w-]+:/, '<').replace(/^[\w-]+:(?=[\w-]+=)/, ''), `${d.file}:${d.line}:${d.column} ${d.xpath}`).toMatch(
        new RegExp('^' + expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + (last.startsWith('@') ? '\\s*=' : '[\\s/>]')),
      );
    }
  });

  it('holds the FRUS fragments to the FRUS profile: no FRUS attribute, element or print convention is a finding; what is left are pointers out of the fragments', () => {
    const frus = found.filter((d) => d.file.startsWith(join(corpus, 'frus')));
    // Each is a #id into a part of its volume that the corpus does not have: a page (pg_223), documents (d58–d62), a person (p_KJF2), a term (t_RG_1).
    expect(frus.map((d) => `${d.file.split('/').pop()}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message.split(' ')[0]}`)).toEqual([
      'frus1943v06_d226.xml:43:37 warning ref-unchecked #pg_223',
      'frus1961-63v12_d163.xml:34:48 warning ref-unchecked #p_KJF2',
      'frus1961-63v12_d163.xml:34:750 warning ref-unchecked #d58',
      'frus1961-63v12_d163.xml:34:789 warning ref-unchecked #d59',
      'frus1961-63v12_d163.xml:34:818 warning ref-unchecked #d61',
      'frus1961-63v12_d163.xml:34:851 warning ref-unchecked #d62',
      'frus1969-76v22_d15.xml:38:46 warning ref-unchecked #t_RG_1',
    ]);
    expect(found.find((d) => d.rule === 'ref-unchecked')!.message).toBe('#pg_223 points outside this document, which is taken out of its volume (frus1943v06: its text has no front matter), and no document given with it holds it: not checked');
  });
});
