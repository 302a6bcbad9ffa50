/**
 * Volumes in parts (src/load/volume.ts): a large document is checked and transformed in parts,
 * and the result is the same as from the document whole: the same files, byte for byte, and
 * the same findings at the same places. A rebuild after an edit redoes only the part edited.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Whole builds of a volume, twice or three times each: room on a busy 2-core machine.
const LONG = 300_000;
import { build, validate } from '../src/index.js';
import { splitDocument } from '../src/load/volume.js';
import { checkText } from '../src/load/source.js';
import { shared } from './helpers.js';
import { PARALLEL_RULES_CHARACTERS } from '../src/validate/rule-runner.js';
// @ts-expect-error: a plain JavaScript module of the benchmarks, without types
import { generateVolume } from '../bench/volume.mjs';

/** Volumes over this many characters are cut, into parts of a quarter of it: a volume of some 300 KB makes about ten. */
const PART = 120_000;

let folder: string;
let volume: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'editio-volume-'));
  volume = join(folder, 'volume.xml');
  generateVolume(0.3, volume);
});

function snapshot(out: string): Map<string, string> {
  return new Map(readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(out, f)).isFile()).sort().map((f) => [f, readFileSync(join(out, f), 'latin1')]));
}

const finding = (d: { line: number; column: number; rule: string; message: string; xpath?: string }) => `${d.line}:${d.column} ${d.rule} ${d.message} ${d.xpath ?? ''}`;

describe('a volume in parts', () => {
  it('is cut into well-formed TEI documents, each with the header, that cover every unit once', () => {
    const text = readFileSync(volume, 'utf8');
    const { parts, diagnostics } = splitDocument({ file: volume, text }, PART);
    expect(text.length).toBeGreaterThan(PART);
    expect(diagnostics).toEqual([]);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts[0]!.produce).toEqual(['#text']); // the skeleton: the text outside units
    const header = /<teiHeader>[\s\S]*<\/teiHeader>/.exec(text)![0];
    const seen: string[] = [];
    const largest = Math.max(...text.split(/(?=<div type="chapter" xml:id="bench-ch)/).map((c) => c.length));
    for (const part of parts) {
      const { source } = part.open();
      expect(checkText(source).diagnostics, part.key).toEqual([]);
      expect(source.text).toContain(header);
      // A part is about PART long, or one unit longer than that.
      expect(source.text.length).toBeLessThan(PART / 4 + largest + header.length * 2);
      if (part.key !== '#text') seen.push(...[...source.text.matchAll(/<div type="chapter" xml:id="(bench-ch\d+)"/g)].map((m) => m[1]!));
    }
    const all = [...text.matchAll(/<div type="chapter" xml:id="(bench-ch\d+)"/g)].map((m) => m[1]!);
    expect(seen).toEqual(all);
  });

  it('builds the same files, byte for byte, with the same findings, as the volume whole', async () => {
    const whole = await build({ input: volume, out: join(folder, 'whole'), partCharacters: Infinity, incremental: false, jobs: 1 });
    const parts = await build({ input: volume, out: join(folder, 'parts'), partCharacters: PART, incremental: false, jobs: 2 });
    expect(parts.pages).toBe(whole.pages);
    expect(parts.documents).toBe(1);
    expect(parts.diagnostics.map(finding)).toEqual(whole.diagnostics.map(finding));
    const [a, b] = [snapshot(join(folder, 'whole')), snapshot(join(folder, 'parts'))];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) expect(b.get(file), file).toBe(bytes);
    // The pages link across the cuts: the last page of one part names the first of the next.
    const pages = [...b.entries()].filter(([f]) => f.startsWith('bench-volume/') && f.endsWith('.html') && !f.endsWith('index.html')).map(([, page]) => page);
    expect(pages.filter((page) => page.includes('rel="next"'))).toHaveLength(pages.length - 1);
    expect(pages.filter((page) => page.includes('rel="prev"'))).toHaveLength(pages.length - 1);
  }, LONG);

  it('reports what the whole volume shows, at the same places: every finding of the volume whole, and an xml:id used in two parts', async () => {
    const text = readFileSync(volume, 'utf8');
    // The same id in the first chapter and in the last: in different parts.
    const ids = [...text.matchAll(/<div type="document" xml:id="([^"]+)"/g)];
    const last = ids[ids.length - 1]!;
    const twice = text.slice(0, last.index) + last[0].replace(last[1]!, ids[0]![1]!) + text.slice(last.index! + last[0].length);
    const file = join(folder, 'twice.xml');
    writeFileSync(file, twice);
    // Held to editio's profile, every FRUS attribute of the volume is a grammar finding: each once, in parts as whole.
    const whole = await validate(file, { partCharacters: Infinity, profile: 'editio' });
    const parts = await validate(file, { partCharacters: PART, profile: 'editio' });
    expect(parts.map(finding)).toEqual(whole.map(finding));
    expect(whole.filter((d) => d.rule === 'rng-attribute' && d.message.startsWith('attribute frus:doc-dateTime-'))).toHaveLength(text.match(/\sfrus:doc-dateTime-m(in|ax)=/g)!.length);
    const duplicate = parts.filter((d) => d.rule === 'id-unique');
    expect(duplicate).toHaveLength(1);
  }, LONG);

  it('build reports exactly what validate reports, for the volume whole and in parts', async () => {
    const full = (d: { file: string; severity: string; source: string }) => `${d.file} ${finding(d as never)} ${d.severity} ${d.source}`;
    // Held to editio's profile, the volume's FRUS attributes are grammar findings too.
    for (const partCharacters of [Infinity, PART]) {
      const validated = (await validate(volume, { partCharacters, profile: 'editio' })).map(full);
      const built = (await build({ input: volume, out: join(folder, `same-${partCharacters}`), partCharacters, profile: 'editio', incremental: false, jobs: 2 })).diagnostics.map(full);
      expect(validated.length).toBeGreaterThan(0);
      // The generated volume has grammar findings and rule findings: both kinds must reach the build's report.
      expect(validated.some((d) => / rng$/.test(d)) && validated.some((d) => / rules$/.test(d))).toBe(true);
      expect(built, `partCharacters ${partCharacters}`).toEqual(validated);
    }
  }, LONG);

  it('against a large schema, the grammar is checked whole and the rules in parts: the findings of the volume whole, each once', async () => {
    const schema = join(shared, 'schemas', 'tei_all.rng');
    const whole = await validate(volume, { schema, partCharacters: Infinity });
    const parts = await validate(volume, { schema, partCharacters: PART });
    expect(parts.map(finding)).toEqual(whole.map(finding));
    // The FRUS namespace's attributes, which tei_all does not know, and the rule checks' findings, both there.
    expect(new Set(parts.map((d) => d.source))).toEqual(new Set(['rng', 'rules']));
    const grammarOnly = await validate(volume, { schema, partCharacters: PART, rules: false });
    expect(grammarOnly.map(finding)).toEqual(whole.filter((d) => d.source === 'rng').map(finding));
  }, LONG);

  it('checks the rules of a large run in worker processes and this one: the same findings as in this process alone, with either grammar engine', async () => {
    const large = join(folder, 'large.xml');
    generateVolume(2.2, large); // over PARALLEL_RULES_CHARACTERS
    expect(statSync(large).size).toBeGreaterThan(PARALLEL_RULES_CHARACTERS);
    for (const schema of [undefined, join(shared, 'schemas', 'tei_all.rng')]) {
      const alone = await validate(large, { schema, jobs: 1 });
      const inWorkers = await validate(large, { schema, jobs: 2 });
      expect(inWorkers.map(finding)).toEqual(alone.map(finding));
      expect(alone.some((d) => d.source === 'rules')).toBe(true);
    }
  }, LONG);

  it('rebuilds only the part that changed, and the pages that list its units', async () => {
    const edited = join(folder, 'edited.xml');
    writeFileSync(edited, readFileSync(volume, 'utf8'));
    const out = join(folder, 'incremental');
    const cold = await build({ input: edited, out, partCharacters: PART, jobs: 1 });
    const before = new Map([...snapshot(out).keys()].map((f) => [f, statSync(join(out, f)).mtimeMs]));
    const warm = await build({ input: edited, out, partCharacters: PART, jobs: 1 });
    expect(warm).toMatchObject({ written: 0, pages: cold.pages });
    expect(warm.cached).toBe(splitDocument({ file: edited, text: readFileSync(edited, 'utf8') }, PART).parts.length);

    // One word in one paragraph of the fifth repetition.
    const text = readFileSync(edited, 'utf8');
    const at = text.indexOf('<p>', text.indexOf('xml:id="bench-ch5"'));
    writeFileSync(edited, text.slice(0, at + 3) + 'Edited. ' + text.slice(at + 3));
    const changed = await build({ input: edited, out, partCharacters: PART, jobs: 1 });
    expect(changed.cached).toBe(warm.cached - 1);
    const rewritten = [...before.keys()].filter((f) => statSync(join(out, f)).mtimeMs !== before.get(f));
    expect(rewritten.length).toBeGreaterThan(0);
    // Only pages of the edited chapter, the contents pages that list its units, and the search index.
    const page = readFileSync(join(out, rewritten.find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(page).toContain('Edited.');
    for (const f of rewritten) expect(f, f).toMatch(/^(index\.html|assets\/search\/(index|(terms|units|words)\/[\w-]+)\.js|bench-volume\/index\.html|bench-volume\/.*-r5\.\w+|bench-volume\/bench-ch5\.\w+)$/);
  }, LONG);
});
