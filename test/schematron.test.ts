import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SaxonJS from 'saxon-js';
import { describe, expect, it } from 'vitest';
import { root, fixtures } from './helpers.js';

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

  it('refuses what it does not support, by name', () => {
    const refused = compile(join(fixtures, 'schematron', 'unsupported.sch'));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('does not support sch:phase');
  });
});
