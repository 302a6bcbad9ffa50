/**
 * `editio serve`, the real CLI (node dist/cli.js) on a copy of the seed in a temporary folder:
 * the open page in Chromium reloads with a change to the source; a document that cannot be
 * read is reported with file:line:column and the last good pages stay; a path out of the output
 * folder is refused; the published files hold no preview code; Ctrl-C stops the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { root, seed } from './helpers.js';
import { launchChromium } from './site.js';

let folder: string;
let source: string;
let child: ChildProcess;
let url: string;
let stdout = '';
let stderr = '';
let browser: Browser;

/** Wait until `test()` holds, polling. */
async function until(what: string, test: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A GET with the path sent exactly as given (no client-side normalisation of ".."). */
function get(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'editio-serve-'));
  mkdirSync(join(folder, 'tei'));
  source = join(folder, 'tei', 'frus1944v07-ch6.xml');
  copyFileSync(seed, source);
  child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'serve', 'tei', '--port', '0', '--out', '_site', '--jobs', '1'], { cwd: folder });
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  await until('the server', () => /serving (http:\/\/127\.0\.0\.1:\d+\/)/.test(stderr));
  url = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)![1]!;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
});

describe('editio serve', () => {
  it('reloads the open page when the source changes', async () => {
    const page = await browser.newPage();
    const listening = page.waitForResponse((r) => r.url().startsWith(`${url}_editio/events?`));
    await page.goto(`${url}frus1944v07/ch6.html`);
    await listening;
    expect(await page.textContent('main')).toContain('enjoys very cordial relations');
    writeFileSync(source, readFileSync(source, 'utf8').replace('very cordial relations', 'very warm relations'));
    await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('enjoys very warm relations'), undefined, { timeout: 90_000 });
    expect(stderr).toMatch(/_site\/frus1944v07\/ch6\.html made [\d.]+ s after the save; rebuilding the rest/);
    await page.close();
  }, 120_000);

  it('adds its reload script to the pages it sends, never to the files', async () => {
    const sent = await get('/frus1944v07/ch6.html');
    expect(sent.status).toBe(200);
    expect(sent.body).toMatch(/<script src="\/_editio\/reload\.js\?v=[0-9a-f]{16}" defer><\/script>/);
    expect(sent.body).toMatch(/connect-src &#x27;self&#x27;/);
    for (const file of ['frus1944v07/ch6.html', 'index.html', 'search.html']) {
      expect(readFileSync(join(folder, '_site', file), 'utf8'), file).not.toContain('_editio');
    }
  });

  it('refuses paths out of the output folder', async () => {
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/frus1944v07/..%2f..%2ftei%2ffrus1944v07-ch6.xml']) {
      const response = await get(path);
      expect(response.status, path).toBe(403);
      expect(response.body).not.toContain('root:');
    }
    // ".." sent as is, or as %2e%2e, is resolved inside the folder as browsers do, and finds nothing there.
    expect((await get('/../../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await get('/')).status).toBe(200);
  });

  it('reports a document that cannot be read, with file:line:column, and keeps serving the last good pages', async () => {
    const good = readFileSync(source, 'utf8');
    const before = stderr.length;
    writeFileSync(source, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>');
    await until('the finding', () => stderr.slice(before).includes('not rebuilt'));
    expect(stdout).toMatch(/^tei\/frus1944v07-ch6\.xml:1:\d+ {2}error {2}xml-wellformed/m);
    const page = await get('/frus1944v07/ch6.html');
    expect(page.status).toBe(200);
    expect(page.body).toContain('enjoys very warm relations');
    writeFileSync(source, good);
  }, 120_000);

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(get('/')).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});
