import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { constants, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, render, RenderError, validate } from '../src/index.js';
import { editio, expectations, fixtures, liveMarkup, seed, xmlFiles } from './helpers.js';

// Hostile and broken input: each fixture in test/fixtures/hostile states what editio must report.
const hostile = xmlFiles(join(fixtures, 'hostile'));

/** The start tags of an HTML page (text is escaped, so markup written as text does not count). */
function startTags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

/** Links and sources with a script or data URL. */
function scriptUrls(html: string): string[] {
  return startTags(html).filter((t) => /\s(href|src)="\s*(javascript|vbscript|data):/i.test(t));
}

describe('hostile and broken fixtures', () => {
  it('there are at least 30 of them', () => expect(hostile.length).toBeGreaterThanOrEqual(30));

  it.each(hostile.map((f) => [basename(f), f]))('%s: the expected findings, in bounded time, and safe HTML when readable', async (_name, file) => {
    const started = performance.now();
    const found = await validate(file);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(found.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`).sort()).toEqual(expectations(file));
    for (const d of found) {
      expect(d.file).toBe(file);
      expect(d.message).toMatch(/^[^\n]{10,}$/); // one line, saying something
    }
    let html: string;
    try {
      html = await render(file, 'html');
    } catch (error) {
      // Refused: nothing rendered, and the reasons are validate's own, at the same places.
      expect(error).toBeInstanceOf(RenderError);
      expect(found.length).toBeGreaterThan(0);
      const places = found.map((d) => `${d.line}:${d.column} ${d.rule}`);
      for (const d of (error as RenderError).diagnostics) expect(places).toContain(`${d.line}:${d.column} ${d.rule}`);
      return;
    }
    expect(liveMarkup(html)).toEqual([]);
    expect(scriptUrls(html)).toEqual([]);
  });

  it('a build of all of them with the seed still builds the seed, keeps every file inside the output folder, and exits 1', async () => {
    // Three levels down, so that a name climbing out ("../../../tmp/…") would land in the temporary folder.
    const parent = mkdtempSync(join(tmpdir(), 'editio-hostile-'));
    const out = join(parent, 'a', 'b', 'site');
    const run = editio('build', seed, join(fixtures, 'hostile'), '--out', out, '--quiet');
    expect(run.status).toBe(1);
    expect(readdirSync(join(out, 'frus1944v07'))).toEqual(['ch6.bib', 'ch6.html', 'ch6.json', 'ch6.ris', 'ch6.txt', 'index.html', 'volume.bib', 'volume.json', 'volume.ris']);
    const lines = run.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => !/^.+\.xml:\d+:\d+ {2}(error|warning) {2}\S+ {2}\S/.test(l))).toEqual([]);
    expect(readdirSync(parent, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith(join('a', 'b', 'site')))).toEqual(['a', join('a', 'b')]);
    const written = readdirSync(out, { recursive: true, encoding: 'utf8' });
    // What reaches file names is made safe: no path, letters of any script kept, at most 48 characters.
    for (const page of ['fixture_with_spaces/fixture_with_spaces.html', 'документ/документ.html', '文書/文書.html', '_._.._.._tmp_editio-escaped/d1.html', '_etc_cron.d_editio/d1.html', '_./d1.html', '_._.._x/d1.html']) {
      expect(written).toContain(page);
    }
    expect([...new Set(written.filter((f) => f.startsWith('_._.._.._.._')).map((f) => f.split('/')[0]!))].map((folder) => folder.length)).toEqual([48]);
    // Nothing of a file a document points at (an entity, a DTD, an XInclude) reaches the output.
    const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8').split('\n')[0]! : 'root:x:0:0';
    const neighbour = 'A document that starts with a byte-order mark'; // bom.xml, which xinclude-local-text.xml includes
    for (const file of written.filter((f) => /\.(html|txt)$/.test(f))) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text, file).not.toContain(passwd);
      if (!file.startsWith('bom/') && file !== 'index.html') expect(text, file).not.toContain(neighbour);
    }
  });

  it('file names with spaces and letters of other scripts: validate, render and build take them as they are', () => {
    for (const name of ['fixture with spaces.xml', 'документ.xml', '文書.xml']) {
      const file = join(fixtures, 'hostile', name);
      expect(editio('validate', file).status, name).toBe(0);
      const html = editio('render', file, '--to', 'html');
      expect(html.status, name).toBe(0);
      expect(html.stdout).toContain(`takes its name from its file, “${name}”`);
      const text = editio('render', file, '--to', 'text');
      expect(text.stdout).toContain(`“${name}”`);
    }
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

  it('never opens a local file a document points at: a named pipe there would block whoever opened it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'editio-pipe-'));
    const pipe = join(dir, 'secret');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const text = readFileSync(seed, 'utf8');
    const beforeRoot = (markup: string) => text.replace('<TEI ', `${markup}\n<TEI `);
    const inText = (markup: string) => text.replace('<p>[On', `<p>${markup}[On`);
    const documents: Record<string, string> = {
      'entity.xml': beforeRoot(`<!DOCTYPE TEI [<!ENTITY x SYSTEM "${pathToFileURL(pipe).href}">]>`).replace('as\n', '&x; as\n'),
      'dtd.xml': beforeRoot(`<!DOCTYPE TEI SYSTEM "${pipe}">`),
      'dtd-relative.xml': beforeRoot('<!DOCTYPE TEI SYSTEM "secret">'),
      'xinclude.xml': inText(`<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${pathToFileURL(pipe).href}" parse="text"/>`),
      'xinclude-relative.xml': inText('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="secret" parse="xml"/>'),
      'stylesheet.xml': beforeRoot('<?xml-stylesheet type="text/xsl" href="secret"?>'),
      'graphic.xml': inText('<figure><graphic url="secret"/></figure>'),
    };
    for (const [name, content] of Object.entries(documents)) writeFileSync(join(dir, name), content);
    for (const name of Object.keys(documents)) {
      const file = join(dir, name);
      await validate(file);
      await render(file, 'html').catch(() => undefined);
      await render(file, 'text').catch(() => undefined);
    }
    await build({ input: dir, out: join(dir, 'site') });
    // Nobody holds the pipe open for reading either: opening its other end without waiting finds no reader.
    expect(() => openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK)).toThrow(/ENXIO/);
  }, 60_000);
});

describe('size limits', () => {
  const text = readFileSync(seed, 'utf8');
  /** Line and column of the first character after `prefix` where the seed's "<p>[On" stands. */
  const placeAfter = (prefix: string) => {
    const before = text.slice(0, text.indexOf('<p>[On')) + prefix;
    return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
  };

  it('a 10 MB attribute value is reported at the value, not choked on, and still renders', async () => {
    const big = text.replace('<p>[On', `<p n="${'x'.repeat(10_000_000)}">[On`);
    const found = await validate({ file: 'attribute.xml', text: big });
    expect(found).toMatchObject([{ rule: 'xml-wellformed', message: expect.stringContaining('editio keeps these limits on purpose'), ...placeAfter('<p n="') }]);
    expect(await render({ file: 'attribute.xml', text: big }, 'text')).toContain('[On January 1, 1944');
  }, 60_000);

  it('20,000 "<" in attribute values open no elements: each reported as itself (libxml2 stops at 100), in bounded time', async () => {
    const many = text.replace('<p>[On', `${'<p n="a<b">x</p>'.repeat(20_000)}<p>[On`);
    const started = performance.now();
    const found = await validate({ file: 'less-than.xml', text: many });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(found[0]).toMatchObject(placeAfter('<p n="a'));
    expect(found.length).toBeGreaterThan(1);
    for (const d of found) expect(d).toMatchObject({ rule: 'xml-wellformed', message: expect.stringContaining("Unescaped '<'") });
  }, 60_000);

  it('a 50 MB text node is reported with its place', async () => {
    const big = text.replace('<p>[On', `<p>${'lorem ipsum '.repeat(4_400_000)}[On`);
    const found = await validate({ file: 'text.xml', text: big });
    expect(found).toMatchObject([{ rule: 'xml-wellformed', message: expect.stringContaining('Text node too long'), ...placeAfter('<p>') }]);
  }, 60_000);
});
