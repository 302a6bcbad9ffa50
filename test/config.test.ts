/**
 * The project file (src/config.ts): editio.config.json, or the editio key of package.json, in the
 * folder where editio runs or above it. The command line wins over it, and it wins over editio's
 * defaults; what it cannot mean is a usage error naming the file, the place and the key.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, loadConfig, validate, ConfigError } from '../src/index.js';
import { fixtures, root, type Run } from './helpers.js';

/** A project folder: a FRUS document with note numbers worth a look, one of editio's with a gap, the project's rules, and a project file. */
function project(config?: unknown, file = 'editio.config.json'): string {
  const folder = mkdtempSync(join(tmpdir(), 'editio-config-'));
  mkdirSync(join(folder, 'tei'));
  mkdirSync(join(folder, 'node_modules'));
  copyFileSync(join(fixtures, 'frus', 'note-numbers.xml'), join(folder, 'tei', 'frus.xml'));
  copyFileSync(join(fixtures, 'invalid', 'footnote-gap.xml'), join(folder, 'tei', 'gap.xml'));
  copyFileSync(join(fixtures, 'schematron', 'project.sch'), join(folder, 'project.sch'));
  copyFileSync(join(fixtures, 'schematron', 'letter.xml'), join(folder, 'letter.xml'));
  if (config !== undefined) writeFileSync(join(folder, file), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return folder;
}

/** The CLI, run in a folder as a user would. */
function editioIn(cwd: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const lines = (run: Run) => run.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s{2,}/).slice(0, 3).join(' '));

describe('the project file', () => {
  it('is found in the folder editio runs in or above it, in editio.config.json or package.json, with its paths made absolute', () => {
    const folder = project({ profile: 'editio', rules: 'project.sch', severities: { 'footnote-sequence': 'warning' }, out: 'site' });
    const config = loadConfig(join(folder, 'tei'))!;
    expect(config).toMatchObject({ file: join(folder, 'editio.config.json'), profile: 'editio', rules: [join(folder, 'project.sch')], severities: { 'footnote-sequence': 'warning' }, out: join(folder, 'site') });
    expect(config.where('severities', 'footnote-sequence')).toBe(`${join(folder, 'editio.config.json')}:5:5`); // above the folder: named in full
    const pkg = project({ name: 'letters', editio: { profile: 'frus' } }, 'package.json');
    expect(loadConfig(pkg)).toMatchObject({ file: join(pkg, 'package.json'), profile: 'frus' });
    // A package.json without the key is no project file; nor is there one at all.
    expect(loadConfig(project({ name: 'other' }, 'package.json'))?.file ?? '').not.toMatch(/editio-config-/);
  });

  it('gives its settings where the command line says nothing, and the command line wins over it', () => {
    const folder = project({ profile: 'editio', severities: { 'footnote-sequence': 'off' }, rules: ['project.sch'] });
    // Defaults: FRUS's profile for the FRUS document, its conventions as warnings.
    expect(lines(editioIn(project(), 'validate'))).toEqual([
      'tei/frus.xml:17:102 warning footnote-sequence', 'tei/frus.xml:18:23 warning footnote-sequence', 'tei/gap.xml:16:76 error footnote-sequence',
    ]);
    // The file: editio's profile, footnote-sequence off, the project's rules.
    const filed = editioIn(folder, 'validate', 'tei', 'letter.xml');
    expect(lines(filed)).toEqual(['letter.xml:14:17 error dateline-dated', 'letter.xml:15:24 warning date-without-value']);
    // The command line: --no-rules over the rules, --profile over the profile.
    expect(editioIn(folder, 'validate', '--no-rules', 'tei', 'letter.xml')).toMatchObject({ status: 0, stdout: '' });
    const frus = editioIn(folder, 'validate', '--profile', 'frus', 'tei/frus.xml');
    expect(frus.status).toBe(0);
  }, 180_000);

  it('names the output folder of build, which --out overrides', () => {
    const folder = project({ out: 'site' });
    expect(editioIn(folder, 'build', '--quiet', 'tei/gap.xml').status).toBe(1);
    expect(existsSync(join(folder, 'site', 'index.html'))).toBe(true);
    expect(editioIn(folder, 'build', '--quiet', '--out', 'other', 'tei/gap.xml').status).toBe(1);
    expect(existsSync(join(folder, 'other', 'index.html'))).toBe(true);
  }, 180_000);

  it('takes the same settings from the library, under the options given there', async () => {
    const folder = project({ profile: 'editio', severities: { 'footnote-sequence': 'info' } });
    const config = loadConfig(folder);
    const found = await validate(join(folder, 'tei', 'frus.xml'), { config, cwd: folder });
    // editio's profile: a number printed again is out of sequence there, reported at the file's severity.
    expect(found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual(['17:102 info footnote-sequence', '18:23 info footnote-sequence']);
    expect(found[1]!.message).toContain('footnotes are numbered 1, 2, 3');
    const over = await validate(join(folder, 'tei', 'frus.xml'), { config, profile: 'frus', severities: { 'footnote-sequence': 'error' }, cwd: folder });
    expect(over.map((d) => `${d.severity} ${d.rule}`)).toEqual(['error footnote-sequence', 'error footnote-sequence']);
    expect(over[1]!.message).toContain('a FRUS volume prints a number again only to refer back');
    const report = await build({ input: join(folder, 'tei', 'frus.xml'), config, out: join(folder, 'out'), jobs: 1, cwd: folder });
    expect(report.diagnostics).toEqual(found);
  });

  it.each([
    ['an unknown key', '{\n  "profile": "frus",\n  "profil": "editio"\n}', 'editio.config.json:3:3: profil: unknown key (the keys are profile, schema, rules, severities, out, records)'],
    ['a profile it does not know', '{\n  "profile": "tei"\n}', 'editio.config.json:2:14: profile: expected "editio" or "frus", not "tei"'],
    ['a severity it does not know', '{\n  "severities": { "footnote-sequence": "fatal" }\n}', 'editio.config.json:2:40: severities.footnote-sequence: expected "error", "warning", "info", "off", not "fatal"'],
    ['a rule that does not exist', '{\n  "severities": {\n    "footnote-sequense": "off"\n  }\n}', 'editio.config.json:3:5: severities.footnote-sequense: no rule of that name'],
    ['malformed JSON', '{\n  "profile": "frus",\n}', 'editio.config.json:3:1: not valid JSON: property name expected'],
    ['a missing rules file', '{\n  "rules": ["project.sch", "missing.sch"]\n}', 'editio.config.json:2:28: rules: no such file: missing.sch'],
    ['a missing schema', '{ "schema": "tei_all.rng" }', 'editio.config.json:1:13: schema: no such file: tei_all.rng'],
    ['settings that are not an object', '["frus"]', 'editio.config.json:1:1: (the file): expected an object of settings'],
    ['a package.json key that is not an object', '{ "name": "x", "editio": "frus" }', 'package.json:1:26: editio: expected an object of settings'],
  ])('refuses %s, naming the file, the place and the key (exit code 2)', (what, text, message) => {
    const folder = project(text, what.startsWith('a package.json') ? 'package.json' : 'editio.config.json');
    for (const command of ['validate', 'build']) {
      const run = editioIn(folder, command, 'tei');
      expect(run.status).toBe(2);
      expect(run.stderr.split('\n')[0]).toContain(message);
      expect(run.stdout).toBe('');
    }
    if (!message.includes('no rule of that name')) expect(() => loadConfig(folder)).toThrow(ConfigError);
  });
});
