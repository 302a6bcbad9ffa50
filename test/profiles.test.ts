/**
 * Profiles (src/validate/profiles.ts): editio's and FRUS's. A document that declares the FRUS
 * namespace is held to the FRUS profile unless another is asked for, each document of a mixed
 * corpus to its own; the rule checks that are conventions take their severity from the profile,
 * and a project's severities go over the profile's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, validate, type Diagnostic } from '../src/index.js';
import { editio, fixtures } from './helpers.js';

const frus = (name: string) => join(fixtures, 'frus', name);
const gap = join(fixtures, 'invalid', 'footnote-gap.xml');
const brief = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity} ${d.rule}`;

describe('profiles', () => {
  it('holds a document that declares the FRUS namespace to the FRUS profile, unless editio\'s is asked for', async () => {
    expect(await validate(frus('conventions.xml'))).toEqual([]);
    const strict = await validate(frus('conventions.xml'), { profile: 'editio' });
    expect(strict.filter((d) => d.source === 'rng').length).toBeGreaterThan(0);
    expect(strict.every((d) => d.message.includes('schemas/editio.rng') || d.source === 'rules')).toBe(true);
    expect(strict.filter((d) => d.rule === 'footnote-sequence').map(brief)).toEqual(['30:86 error footnote-sequence', '34:102 error footnote-sequence', '35:98 error footnote-sequence']);
  });

  it('holds each document of a mixed corpus to its own profile', async () => {
    const found = await validate([frus('conventions.xml'), gap, frus('note-numbers.xml')]);
    expect(found.map((d) => `${d.file.split('/').pop()} ${brief(d)}`)).toEqual([
      'note-numbers.xml 17:102 warning footnote-sequence',
      'note-numbers.xml 18:23 warning footnote-sequence',
      'footnote-gap.xml 16:76 error footnote-sequence',
    ]);
    // Asked for, the FRUS profile holds an editio document to it too: a gap is a warning.
    expect((await validate(gap, { profile: 'frus' })).map(brief)).toEqual(['16:76 warning footnote-sequence']);
  });

  it('names what the FRUS profile accepts in its findings: a number left out, a number out of order', async () => {
    const [missing, disorder] = await validate(frus('note-numbers.xml'));
    expect(missing!.message).toBe('footnote 4 follows footnote 2: footnote 3 is missing');
    expect(disorder!.message).toBe('footnote 3 follows footnote 4: no earlier footnote of its unit is numbered 3 (a FRUS volume prints a number again only to refer back to that note)');
  });

  it('takes severities from the project over the profile\'s: a rule set off reports nothing', async () => {
    const numbers = frus('note-numbers.xml');
    expect((await validate(numbers, { severities: { 'footnote-sequence': 'error' } })).map(brief)).toEqual(['17:102 error footnote-sequence', '18:23 error footnote-sequence']);
    expect(await validate(numbers, { severities: { 'footnote-sequence': 'off' } })).toEqual([]);
    expect((await validate(gap, { severities: { 'footnote-sequence': 'info' } })).map(brief)).toEqual(['16:76 info footnote-sequence']);
  });

  it('build holds documents to the same profiles and severities as validate', async () => {
    const input = [frus('conventions.xml'), gap, frus('note-numbers.xml')];
    for (const options of [{}, { profile: 'editio' as const }, { severities: { 'footnote-sequence': 'off' as const } }]) {
      const validated = await validate(input, options);
      const built = await build({ input, out: mkdtempSync(join(tmpdir(), 'editio-profiles-')), jobs: 1, ...options });
      expect(built.diagnostics).toEqual(validated);
    }
  });

  it('takes --profile on the command line, and refuses a profile it does not know', () => {
    expect(editio('validate', frus('conventions.xml')).status).toBe(0);
    const strict = editio('validate', '--profile', 'editio', frus('conventions.xml'));
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('error  footnote-sequence');
    const unknown = editio('validate', '--profile', 'tei', frus('conventions.xml'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("option '--profile <name>' argument 'tei' is invalid. use editio or frus");
  });
});
