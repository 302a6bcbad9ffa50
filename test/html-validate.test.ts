/**
 * Every page editio writes is valid HTML by html-validate's recommended rules: the embedded
 * seed edition and the whole shared corpus of real TEI written by others (../shared/corpus).
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HtmlValidate, type ConfigData, type Message } from 'html-validate';
import { shared } from './helpers.js';
import { buildSite, htmlFiles, type Site } from './site.js';

const config: ConfigData = {
  root: true,
  extends: ['html-validate:recommended'],
  rules: {
    // Indentation left over from the TEI source: whitespace between tags, not a markup error.
    'no-trailing-whitespace': 'off',
    // A search-engine length heuristic; a unit's title is the document's own, however long.
    'long-title': 'off',
  },
};
const htmlvalidate = new HtmlValidate(config);

interface Finding {
  file: string;
  message: Message;
}

/** Validate every *.html under `site.out`; file names in the findings are relative to it. */
async function validateSite(site: Site): Promise<{ files: string[]; findings: Finding[] }> {
  const files = htmlFiles(site.out);
  const findings: Finding[] = [];
  for (const file of files) {
    const report = await htmlvalidate.validateString(await readFile(file, 'utf8'), file);
    for (const result of report.results) {
      for (const message of result.messages) findings.push({ file: relative(site.out, file), message });
    }
  }
  return { files, findings };
}

function describeFindings(findings: Finding[], label: string): string {
  const counts = new Map<string, number>();
  for (const { message } of findings) counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1);
  const summary = [...counts].sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ×${n}`).join(', ');
  const lines = findings.slice(0, 30).map(({ file, message: m }) => `${file}:${m.line}:${m.column}  ${m.ruleId}  ${m.message}`);
  const more = findings.length > 30 ? `\n… and ${findings.length - 30} more` : '';
  const first = [...counts.keys()].map((rule) => {
    const { file, message: m } = findings.find((f) => f.message.ruleId === rule)!;
    return `${rule}: ${file}:${m.line}:${m.column}  ${m.message}  [${m.selector ?? ''}]`;
  });
  return `${findings.length} html-validate messages in ${label} (${summary}):\n${lines.join('\n')}${more}\nFirst of each kind:\n${first.join('\n')}`;
}

const sites: Site[] = [];
afterAll(() => sites.forEach((site) => site.remove()));

describe('html-validate (recommended rules)', () => {
  it('catches real errors with this configuration', async () => {
    // A guard against a configuration that lets everything through.
    const page = `<!DOCTYPE html>
<html lang="en">
<head><title>t</title></head>
<body><main><p id="a">x</p><p id="a"><img src="i.png"></p><span><div>x</div></span><foo-bar></foo-bar></main></body>
</html>
`;
    const report = await htmlvalidate.validateString(page, 'guard.html');
    const rules = new Set(report.results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    expect([...rules]).toEqual(expect.arrayContaining(['no-dup-id', 'wcag/h37', 'element-permitted-content']));
    expect(report.valid).toBe(false);
  });

  describe('the seed edition (tei/)', () => {
    let site: Site;
    beforeAll(async () => {
      site = await buildSite('tei');
      sites.push(site);
    });

    it('every page, the contents page included, has no errors', async () => {
      const { files, findings } = await validateSite(site);
      expect(files.map((f) => relative(site.out, f))).toEqual(['chronology.html', 'files.html', 'frus1944v07/ch6.html', 'frus1944v07/index.html', 'index.html', 'organisations.html', 'persons.html', 'places.html', 'search.html']);
      expect(findings.length, describeFindings(findings, 'the seed edition')).toBe(0);
    });
  });

  describe('the critical edition and the intervention fixtures (test/fixtures/critical, test/fixtures/valid)', () => {
    let site: Site;
    beforeAll(async () => {
      site = await buildSite(['test/fixtures/critical', 'test/fixtures/valid']);
      sites.push(site);
    }, 60_000);

    it('every page, the witnesses\' pages included, has no errors', async () => {
      const { files, findings } = await validateSite(site);
      const pages = files.map((f) => relative(site.out, f));
      expect(pages).toEqual(expect.arrayContaining(['monroe-1823/monroe1823.html', 'monroe-1823/monroe1823.wit-fair.html', 'monroe-1823/monroe1823.wit-print.html', 'monroe-1823/monroe1823.wit-C.html']));
      expect(files).toHaveLength(site.report.pages + 2); // and the contents and search pages
      expect(findings.length, describeFindings(findings, 'the fixtures')).toBe(0);
    });
  });

  describe('the shared corpus (../shared/corpus)', () => {
    let site: Site;
    beforeAll(async () => {
      site = await buildSite(join(shared, 'corpus'));
      sites.push(site);
    }, 180_000);

    it('every page, the contents page included, has no errors', async () => {
      const { files, findings } = await validateSite(site);
      // Every page the build reports, and the contents page: none is left out of the check.
      expect(files).toContain(site.report.index);
      expect(files).toHaveLength(site.report.pages + 2); // and the contents and search pages
      expect(files.length).toBeGreaterThan(20);
      expect(findings.length, describeFindings(findings, 'the shared corpus')).toBe(0);
    });
  });
});
