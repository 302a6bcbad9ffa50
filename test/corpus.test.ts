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
      const at = lines.get(d.file)![d.line - 1]!.slice(d.column - 1);
      const last = d.xpath!.split('/').pop()!;
      const expected = last.startsWith('@')
        ? last.slice(1).replace(/^Q\{[^}]*\}/, '')
        : '<' + last.replace(/\[\d+\]$/, '').replace(/^Q\{[^}]*\}/, '');
      expect(at.replace(/^<[\w-]+:/, '<').replace(/^[\w-]+:(?=[\w-]+=)/, ''), `${d.file}:${d.line}:${d.column} ${d.xpath}`).toMatch(
        new RegExp('^' + expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + (last.startsWith('@') ? '\\s*=' : '[\\s/>]')),
      );
    }
  });

  it('finds what a reader of these files would: FRUS cross-references outside the fragment dangle', () => {
    expect(found).toContainEqual(
      expect.objectContaining({ file: join(corpus, 'frus', 'frus1943v06_d226.xml'), rule: 'ref-resolves', message: expect.stringContaining('#pg_223') }),
    );
  });
});
