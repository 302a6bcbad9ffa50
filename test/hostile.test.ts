import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, render, validate } from '../src/index.js';
import { editio, expectations, fixtures, liveMarkup, seed, xmlFiles } from './helpers.js';

// Hostile and broken input: each fixture in test/fixtures/hostile states what editio must report.
const hostile = xmlFiles(join(fixtures, 'hostile'));

describe('hostile and broken fixtures', () => {
  it('there are at least 12 of them', () => expect(hostile.length).toBeGreaterThanOrEqual(12));

  it.each(hostile.map((f) => [basename(f), f]))('%s: the expected findings, in bounded time, and safe HTML when readable', async (_name, file) => {
    const started = performance.now();
    const found = await validate(file);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`).sort()).toEqual(expectations(file));
    let html: string | undefined;
    try {
      html = await render(file, 'html');
    } catch {
      return; // refused: nothing rendered, which is the point
    }
    expect(liveMarkup(html)).toEqual([]);
    expect(html).not.toMatch(/href="\s*(javascript|vbscript|data):|src="\s*(javascript|data):/i);
  });

  it('a build of all of them with the seed still builds the seed, and exits 1', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editio-hostile-'));
    const run = editio('build', seed, join(fixtures, 'hostile'), '--out', out, '--quiet');
    expect(run.status).toBe(1);
    expect(readdirSync(join(out, 'frus1944v07'))).toEqual(['ch6.bib', 'ch6.html', 'ch6.json', 'ch6.ris', 'ch6.txt', 'volume.bib', 'volume.json', 'volume.ris']);
    expect(run.stdout.split('\n').filter(Boolean).every((l) => /^\S+:\d+:\d+ {2}(error|warning)/.test(l) || /^\S+ {2}error {2}/.test(l))).toBe(true);
  });
});

describe('no file or network access beyond the inputs', () => {
  let server: Server;
  let requests = 0;
  let url = '';
  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests++;
      response.end('<p>leaked</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never fetches an external entity, an XInclude, a stylesheet PI or a DTD', async () => {
    const text = readFileSync(seed, 'utf8');
    const documents = [
      { file: 'xxe.xml', text: text.replace('<TEI ', `<!DOCTYPE TEI [<!ENTITY x SYSTEM "${url}/entity">]>\n<TEI `).replace('as\n', '&x; as\n') },
      { file: 'dtd.xml', text: text.replace('<TEI ', `<!DOCTYPE TEI SYSTEM "${url}/tei.dtd">\n<TEI `) },
      { file: 'xinclude.xml', text: text.replace('<p>[On', `<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${url}/include"/>[On`) },
      { file: 'pi.xml', text: text.replace('<TEI ', `<?xml-stylesheet type="text/xsl" href="${url}/evil.xsl"?>\n<TEI `) },
    ];
    for (const d of documents) {
      await validate(d);
      await render(d, 'html').catch(() => undefined);
      await render(d, 'text').catch(() => undefined);
    }
    await build({ input: documents, out: mkdtempSync(join(tmpdir(), 'editio-net-')) });
    expect(requests).toBe(0);
  });
});

describe('size limits', () => {
  const text = readFileSync(seed, 'utf8');

  it('a 10 MB attribute value is reported, not choked on, and still renders', async () => {
    const big = text.replace('<p>[On', `<p n="${'x'.repeat(10_000_000)}">[On`);
    const found = await validate({ file: 'attribute.xml', text: big });
    expect(found).toMatchObject([{ rule: 'xml-wellformed', message: expect.stringContaining('editio keeps these limits on purpose') }]);
    expect(await render({ file: 'attribute.xml', text: big }, 'text')).toContain('[On January 1, 1944');
  }, 60_000);

  it('a 50 MB text node is reported with its place', async () => {
    const big = text.replace('<p>[On', `<p>${'lorem ipsum '.repeat(4_400_000)}[On`);
    const found = await validate({ file: 'text.xml', text: big });
    expect(found).toMatchObject([{ rule: 'xml-wellformed', message: expect.stringContaining('Text node too long') }]);
    expect(found[0]!.line).toBe(text.slice(0, text.indexOf('<p>[On')).split('\n').length);
  }, 60_000);
});
