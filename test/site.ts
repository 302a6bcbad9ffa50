/** Shared by the browser and HTML tests: build a site into a fresh folder, list its pages, serve it over HTTP. */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, type BuildReport } from '../src/index.js';
import { filesEndingWith, root } from './helpers.js';

export interface Site {
  out: string;
  report: BuildReport;
  /** Delete the output folder. */
  remove(): void;
}

/** Build `input` (files or folders, resolved against the project folder) into a new temporary folder. */
export async function buildSite(input: string | string[]): Promise<Site> {
  const out = mkdtempSync(join(tmpdir(), 'editio-site-'));
  const paths = (Array.isArray(input) ? input : [input]).map((path) => resolve(root, path));
  const report = await build({ input: paths.length === 1 ? paths[0]! : paths, out, cwd: root });
  return { out, report, remove: () => rmSync(out, { recursive: true, force: true }) };
}

/** Every *.html file under `folder`, sorted, as absolute paths. */
export function htmlFiles(folder: string): string[] {
  return filesEndingWith(folder, '.html');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.bib': 'application/x-bibtex; charset=utf-8',
  '.ris': 'application/x-research-info-systems; charset=utf-8',
};

export interface Server {
  /** The base URL, ending in a slash: `http://127.0.0.1:PORT/`. */
  url: string;
  close(): Promise<void>;
}

/**
 * A minimal static file server for `folder` on 127.0.0.1 and a free port: GET and HEAD only,
 * a path that resolves outside the folder is refused with 403, an unknown file gives 404.
 */
export async function serve(folder: string): Promise<Server> {
  const base = resolve(folder);
  const server = createServer(async (request, response) => {
    const fail = (status: number, text: string) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return fail(400, 'bad request');
    }
    if (path.includes('\0')) return fail(400, 'bad request');
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return fail(403, 'forbidden');
    try {
      if (!(await stat(file)).isFile()) return fail(404, 'not found');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      fail(404, 'not found');
    }
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : done()));
    }),
  };
}

/** Debian's Chromium, which scripts/system-deps.sh installs (no browser is ever downloaded). */
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium headless, quiet, and without calls home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
