import { existsSync, watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { build, type BuildOptions, type BuildReport } from './build.js';
import type { Diagnostic } from './diagnostic.js';
import { loadInputs } from './load/inputs.js';
import { finish } from './validate/index.js';

/**
 * `editio serve`: a local preview. Build, serve the output folder on localhost, watch the
 * sources, rebuild (incrementally, through the build cache) when one changes, and reload the
 * open pages. The reload is preview-only: the server adds a small script to the HTML it sends
 * (and lets it through the page's policy); the files on disk, the published site, never hold it.
 */
export interface ServeOptions extends Omit<BuildOptions, 'input' | 'onProgress'> {
  /** Files or folders of TEI to build and watch (default: tei/). */
  input?: string | string[];
  /** The port (default 8080; 0: any free port). */
  port?: number;
  /** The address to listen on (default 127.0.0.1: this machine only). */
  host?: string;
  /** Wait this long after the last change before rebuilding (default 150 ms): an editor's save is often several events. */
  debounce?: number;
  /** After each build: its report; or, when a changed document cannot be read, its findings and no build (the last good pages stay). */
  onBuild?: (result: { report?: BuildReport; refused: Diagnostic[]; seconds: number }) => void;
  /** A build that threw (an unusable schema, a full disk): the server keeps serving. */
  onError?: (error: Error) => void;
}

export interface Preview {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** The first build's report. */
  report: BuildReport;
  /** Stop watching, let a build in progress finish, close the connections and the server. */
  close(): Promise<void>;
}

/** Where the preview's own script and event stream are served; no built file is ever named so. */
const PREVIEW = '/_editio/';
const RELOAD_SCRIPT = `${PREVIEW}reload.js`;
const EVENTS = `${PREVIEW}events`;
const RELOAD_SOURCE = `// editio serve: reload this page when the edition has been rebuilt (preview only).\nnew EventSource('${EVENTS}').addEventListener('reload', () => location.reload());\n`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.bib': 'application/x-bibtex; charset=utf-8',
  '.ris': 'application/x-research-info-systems; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export async function serve(options: ServeOptions = {}): Promise<Preview> {
  const input = [options.input ?? 'tei'].flat().map((p) => resolve(p));
  const out = resolve(options.out ?? '_site');
  const buildOptions: BuildOptions = { ...options, input: input.length === 1 ? input[0]! : input, out };
  const report = await build(buildOptions);
  const root = await realpath(out);

  const clients = new Set<ServerResponse>();
  const server = createServer((request, response) => void respond(request, response));
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => done());
  });
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const fail = (status: number, text: string) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text + '\n');
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'method not allowed');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    } catch {
      return fail(400, 'bad request');
    }
    if (path === EVENTS) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': editio serve\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (path === RELOAD_SCRIPT) {
      response.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      return void response.end(request.method === 'HEAD' ? undefined : RELOAD_SOURCE);
    }
    if (path.includes('\0')) return fail(400, 'bad request');
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    // Only files inside the output folder, also through symbolic links: "..", encoded or not, is refused.
    const inside = (p: string) => p === root || p.startsWith(root + sep);
    if (!inside(file)) return fail(403, 'forbidden');
    let body: Buffer;
    try {
      const real = await realpath(file);
      if (!inside(real)) return fail(403, 'forbidden');
      if (!(await stat(real)).isFile()) return fail(404, 'not found');
      body = await readFile(real);
    } catch {
      return fail(404, 'not found');
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html') body = Buffer.from(withReload(body.toString('utf8')));
    response.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  // Rebuilds: debounced, one at a time; a change during a build makes one more build after it.
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const changedFile = (file: string) => {
    if (closed || !file.endsWith('.xml')) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) again = true;
      else running = rebuild();
    }, options.debounce ?? 150);
  };

  async function rebuild(): Promise<void> {
    const started = performance.now();
    try {
      // A changed document that cannot be read would lose its pages in a build: keep the last good ones instead.
      const files = [...changed].filter((f) => existsSync(f));
      changed.clear();
      const refused = finish((await loadInputs(files)).diagnostics.filter((d) => d.severity === 'error'), options.cwd);
      const report = refused.length ? undefined : await build(buildOptions);
      options.onBuild?.({ report, refused, seconds: (performance.now() - started) / 1000 });
      if (report && report.written > 0) for (const client of clients) client.write('event: reload\ndata: \n\n');
    } catch (error) {
      options.onError?.(error as Error);
    }
    await watchFolders();
    running = undefined;
    if (again && !closed) {
      again = false;
      running = rebuild();
    }
  }

  // Folders are watched one by one, not recursively: Node 20's recursive watch on Linux loses a
  // file that an editor saves by renaming a new file over it. A folder's watch sees that, and
  // folders made later are picked up at the next rebuild.
  const watchers = new Map<string, FSWatcher>();
  async function watchFolders(): Promise<void> {
    for (const path of input) {
      const isFolder = (await stat(path).catch(() => undefined))?.isDirectory();
      const folders = isFolder ? [path, ...(await subfolders(path, out))] : [dirname(path)];
      const only = isFolder ? undefined : basename(path);
      for (const folder of folders) {
        const key = only ? path : folder;
        if (watchers.has(key)) continue;
        try {
          const watcher = watch(folder, (_event, name) => {
            if (name && (!only || name.toString() === only)) changedFile(resolve(folder, name.toString()));
          });
          // A folder removed: its watch ends (a new one is made if it comes back).
          watcher.on('error', () => {
            watcher.close();
            watchers.delete(key);
          });
          watchers.set(key, watcher);
        } catch {
          // gone already: nothing to watch
        }
      }
    }
  }
  await watchFolders();

  return {
    url,
    report,
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      await running;
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** The folders under `folder` to watch: not the output folder (its writes are no sources), nor node_modules or hidden folders. */
async function subfolders(folder: string, out: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => resolve(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .filter((f) => f !== out && !f.startsWith(out + sep) && !/(^|[\\/])(node_modules|\.[^\\/]+)([\\/]|$)/.test(relative(folder, f)))
    .sort();
}

/**
 * The page as sent by the preview: the reload script before `</head>`, and the page's policy
 * widened for it only, to the preview's own script and event stream (the site's origin).
 */
export function withReload(html: string): string {
  const csp = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(">)/;
  const widened = html.replace(csp, (_whole, open: string, policy: string, close: string) => {
    const directives = policy.replace(/&#x27;/g, "'").split(';').map((d) => d.trim()).filter(Boolean);
    const script = directives.findIndex((d) => d.startsWith('script-src '));
    if (script < 0) directives.push("script-src 'self'");
    else if (!directives[script]!.includes("'self'")) directives[script] += " 'self'";
    directives.push("connect-src 'self'");
    return `${open}${directives.join('; ').replace(/'/g, '&#x27;')}${close}`;
  });
  return widened.replace('</head>', `<script src="${RELOAD_SCRIPT}" defer></script>\n</head>`);
}
