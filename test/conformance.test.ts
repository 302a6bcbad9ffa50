import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import SaxonJS from 'saxon-js';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { compileRules } from '../src/validate/schematron.js';
import { fixtures, root, seed, shared, xmlFiles } from './helpers.js';

const TEI_ALL = join(shared, 'schemas', 'tei_all.rng');

/** jing (Debian's package, installed by scripts/system-deps.sh) is the validator that can compile tei_all. */
function jing(files: string[]): { status: number | null; output: string } {
  const run = spawnSync('jing', [TEI_ALL, ...files], { encoding: 'utf8' });
  if (run.error) throw new Error(`jing is needed for the TEI conformance tests (scripts/system-deps.sh installs it): ${run.error.message}`);
  return { status: run.status, output: run.stdout };
}

/**
 * TEI's conformance for a customisation that adds another namespace: what is left when the
 * elements and attributes of that namespace are taken out must be valid TEI. A copy of each
 * document that uses the FRUS namespace without it, in a temporary folder.
 */
const WITHOUT_FRUS = `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:mode on-no-match="shallow-copy"/>
  <xsl:template match="*[namespace-uri() = 'http://history.state.gov/frus/ns/1.0'] | @*[namespace-uri() = 'http://history.state.gov/frus/ns/1.0']"/>
</xsl:stylesheet>`;
function withoutFrus(files: string[]): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'editio-tei-'));
  return files.map((file, i) => {
    if (!readFileSync(file, 'latin1').includes('http://history.state.gov/frus/ns/1.0')) return file;
    const out = join(folder, `${i}-${basename(file)}`);
    const text = SaxonJS.XPath.evaluate(`transform(map { 'stylesheet-text': $xsl, 'source-node': parse-xml($text), 'delivery-format': 'serialized' })?output`, null, { params: { xsl: WITHOUT_FRUS, text: readFileSync(file, 'utf8') } }) as string;
    writeFileSync(out, text);
    return out;
  });
}

describe('TEI conformance: what editio accepts is TEI P5', () => {
  it('the profiles accept the seed and the valid fixtures, and tei_all accepts every document a profile accepts (without the FRUS namespace)', async () => {
    const candidates = [seed, ...xmlFiles(fixtures)];
    const refused = new Set((await validate(candidates)).filter((d) => d.severity === 'error').map((d) => d.file));
    const accepted = candidates.filter((file) => !refused.has(file));
    expect(accepted).toContain(seed);
    for (const valid of xmlFiles(join(fixtures, 'valid'))) expect(accepted).toContain(valid);
    expect(accepted.length).toBeGreaterThanOrEqual(4); // warnings-only fixtures count as accepted too

    expect(accepted).toContain(join(fixtures, 'frus', 'conventions.xml'));
    const result = jing(withoutFrus(accepted));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('the FRUS profile accepts the grammar of every FRUS fragment of the corpus, and each is TEI without the FRUS namespace', async () => {
    const corpus = xmlFiles(join(shared, 'corpus', 'frus'));
    const grammar = (await validate(corpus, { rules: false })).filter((d) => d.source === 'rng');
    expect(grammar).toEqual([]);
    const result = jing(withoutFrus(corpus));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('taking the FRUS namespace out is what makes them TEI: tei_all refuses them as they are', () => {
    const result = jing([join(shared, 'corpus', 'frus', 'frus1941v07_ch26.xml')]);
    expect(result.output).toMatch(/frus:attachment/);
  });

  it("TEI's own Schematron, embedded in tei_all.rng, finds nothing wrong with the seed and the corpus", async () => {
    const compiled = (await compileRules(TEI_ALL, root))!;
    expect(compiled.rules.length).toBeGreaterThan(50);
    const documents = [seed, ...xmlFiles(join(shared, 'corpus'))];
    const found = await validate(documents, { ruleFiles: [TEI_ALL], profile: 'frus', cwd: root });
    const teiRules = new Set(compiled.rules);
    expect(found.filter((d) => teiRules.has(d.rule))).toEqual([]);
    // They do run: a date with @when and @notBefore breaks one of them.
    const text = readFileSync(seed, 'utf8').replace('<date when="1944-01-01">', '<date when="1944-01-01" notBefore="1943-12-01">');
    expect(text).toContain('notBefore="1943-12-01"');
    const broken = await validate({ file: 'seed-with-two-dates.xml', text }, { ruleFiles: [TEI_ALL], cwd: root });
    expect(broken.filter((d) => teiRules.has(d.rule)).map((d) => `${d.severity} ${d.rule} ${d.message}`)).toEqual([
      'warning tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-2 The @when attribute cannot be used with any other att.datable.w3c attributes.',
    ]);
  }, 600_000);

  it('jing really checks: a document outside TEI is rejected', () => {
    const result = jing([join(fixtures, 'invalid', 'wrong-namespace.xml')]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/wrong-namespace\.xml:\d+:\d+: error/);
  });
});
