import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, BuildReport } from './build.js';
import type { Diagnostic } from './diagnostic.js';
import { listInputs, type Input } from './load/inputs.js';
import { checkText, decodeBytes, type Loaded } from './load/source.js';
import { BackgroundBuilds } from './preview/builds.js';
import { UnitPages, type Saved } from './preview/pages.js';
import { formatText } from './report/text.js';
import { finish } from './validate/index.js';
import { writeFileAtomic } from './write/atomic.js';

/**
 * `editio serve`: a local preview. Build, serve the output folder on localhost, watch the
 * sources, and on a save make the changed page at once (src/preview/: the unit the edit fell
 * in, transformed alone), then rebuild the rest through the build cache; each open page reloads
 * when its file changes. The reload is preview-only: the server adds a small script to the HTML
 * it sends (and lets it through the page's policy); the files on disk, the published site, never hold it.
 */
export interface ServeOptions extends Omit<BuildOptions, 'input' | 'onProgress' | 'runner'> {
  /** Files or folders of TEI to build and watch (default: tei/). */
  input?: string | string[];
  /** The port (default 8080; 0: any free port). */
  port?: number;
  /** The address to listen on (default 127.0.0.1: this machine only). */
  host?: string;
  /** Wait this long after the last change before reading a file (default 25 ms): an editor's save is often several events. */
  debounce?: number;
  /** After a save: the page made at once (its path, and the seconds since the file was written), or why the page waits for the build. */
  onPage?: (result: { file: string; page?: string; waits?: string; seconds: number }) => void;
  /** After each build: its report, and how many open pages it reloaded; or, when a changed document cannot be read, its findings and no build (the last good pages stay). */
  onBuild?: (result: { report?: BuildReport; refused: Diagnostic[]; seconds: number; reloaded?: number }) => void;
  /** A build that threw (an unusable schema, a full disk): the server keeps serving. */
  onError?: (error: Error) => void;
}

export interface Preview {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** The first build's report. */
  report: BuildReport;
  /** When the saves so far have been taken and the builds after them are done. */
  settled(): Promise<void>;
  /** Stop watching, let a build in progress finish, close the connections and the server. */
  close(): Promise<void>;
}

/** Where the preview's own script and event stream are served; no built file is ever named so. */
const PREVIEW = '/_editio/';
const RELOAD_SCRIPT = `${PREVIEW}reload.js`;
const EVENTS = `${PREVIEW}events`;
const RELOAD_SOURCE = readFileSync(fileURLToPath(new URL('../templates/preview/reload.js', import.meta.url)), 'utf8');

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

/** An open page listening for changes: the file it shows, and the version of it it has. */
interface Client {
  response: ServerResponse;
  file?: string;
  version: string;
}

export async function serve(options: ServeOptions = {}): Promise<Preview> {
  const input = [options.input ?? 'tei'].flat().map((p) => resolve(p));
  const out = resolve(options.out ?? '_site');
  const { port = 8080, host = '127.0.0.1', debounce = 25, onPage, onBuild, onError, ...forBuild } = options;
  const buildOptions: BuildOptions = { ...forBuild, input: input.length === 1 ? input[0]! : input, out };
  const builds = new BackgroundBuilds(buildOptions);
  // The texts the next saves are compared with, and this process's stylesheets and citation
  // engines warmed by a unit's page: while the first build runs, in its own process.
  const pages = new UnitPages({ out, width: options.width });
  const keeping = keepTexts(pages, buildOptions.input!).catch((error: Error) => onError?.(error));
  const report = await builds.build().catch(async (error: Error) => {
    await builds.close();
    throw error;
  });
  const root = await realpath(out);
  pages.link(report.units);
  await keeping;

  // Saves are taken in turn, each soon after its last change; builds run one at a time after
  // them, and a save during a build makes one more build after it.
  const changed = new Set<string>();
  const problems = new Map<string, { text: string; diagnostics: Diagnostic[] }>(); // files whose last save cannot be read
  let stale = false; // a save since the last build began
  let timer: NodeJS.Timeout | undefined;
  let saves: Promise<void> = Promise.resolve();
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  /** Pages made at once during a build, from sources newer than the build's: written again after it. */
  const newer = new Map<string, string>();

  const clients = new Set<Client>();
  const server = createServer((request, response) => void respond(request, response));
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => done());
  }).catch(async (error: Error) => {
    await builds.close();
    throw error;
  });
  const bound = server.address() as AddressInfo;
  const url = `http://${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}/`;

  /** The file a URL path names inside the output folder, also through symbolic links; 'outside' for "..", encoded or not, and links out of it. */
  async function fileAt(path: string): Promise<string | 'outside' | undefined> {
    if (path.includes('\0')) return undefined;
    const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    const inside = (p: string) => p === root || p.startsWith(root + sep);
    if (!inside(file)) return 'outside';
    try {
      const real = await realpath(file);
      if (!inside(real)) return 'outside';
      return (await stat(real)).isFile() ? real : undefined;
    } catch {
      return undefined;
    }
  }

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const fail = (status: number, text: string) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text + '\n');
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'method not allowed');
    let path: string;
    let query: URLSearchParams;
    try {
      const parsed = new URL(request.url ?? '/', 'http://localhost');
      path = decodeURIComponent(parsed.pathname);
      query = parsed.searchParams;
    } catch {
      return fail(400, 'bad request');
    }
    if (path === EVENTS) return listen(request, response, query);
    if (path === RELOAD_SCRIPT) {
      response.writeHead(200, { 'content-type': TYPES['.js']!, 'cache-control': 'no-store' });
      return void response.end(request.method === 'HEAD' ? undefined : RELOAD_SOURCE);
    }
    if (path.includes('\0')) return fail(400, 'bad request');
    const file = await fileAt(path);
    if (file === 'outside') return fail(403, 'forbidden');
    let body: Buffer;
    try {
      if (!file) throw new Error('not found');
      body = await readFile(file);
    } catch {
      return fail(404, 'not found');
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html') body = Buffer.from(withReload(body.toString('utf8'), versionOf(body)));
    response.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  /** An open page's event stream: it is told to reload when its file is no longer the version it shows, and why a save cannot be read. */
  async function listen(request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<void> {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': editio serve\n\n');
    let file: string | undefined;
    try {
      const found = await fileAt(decodeURIComponent(query.get('page') ?? ''));
      file = found === 'outside' ? undefined : found;
    } catch {
      // a page path that is no path: nothing to reload
    }
    const client: Client = { response, file, version: query.get('v') ?? '' };
    clients.add(client);
    request.on('close', () => clients.delete(client));
    if (problems.size) send(client, 'problem', problemEvent());
    await reloadChanged([client]);
  }

  function send(client: Client, event: string, data = ''): void {
    client.response.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  /** Tell each open page whose file has changed since it was sent to reload; how many were told. */
  async function reloadChanged(among: Iterable<Client> = clients): Promise<number> {
    let reloaded = 0;
    for (const client of among) {
      if (!client.file) continue;
      const bytes = await readFile(client.file).catch(() => undefined);
      const version = bytes && versionOf(bytes);
      if (version && version !== client.version) {
        client.version = version;
        send(client, 'reload');
        reloaded++;
      }
    }
    return reloaded;
  }

  const changedFile = (file: string) => {
    if (closed || !file.endsWith('.xml')) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => void (saves = saves.then(takeSaves)), debounce);
  };

  async function takeSaves(): Promise<void> {
    const started = performance.now();
    const files = [...changed];
    changed.clear();
    const hadProblems = problems.size > 0;
    let newProblem = false;
    for (const file of files) {
      try {
        const taken = await takeSave(file);
        if (taken === 'refused again') continue; // its problem stands
        if (typeof taken === 'string') {
          stale ||= taken === 'changed';
          problems.delete(file);
        } else if (await settled(file)) {
          // (a file read in the middle of its writing: its next change says more)
          problems.set(file, { text: taken.text, diagnostics: finish(taken.refused, options.cwd) });
          newProblem = true;
        }
      } catch (error) {
        onError?.(error as Error);
      }
    }
    if (problems.size) {
      if (!newProblem) return;
      onBuild?.({ refused: [...problems.values()].flatMap((p) => p.diagnostics), seconds: (performance.now() - started) / 1000 });
      for (const client of clients) send(client, 'problem', problemEvent());
      return;
    }
    if (hadProblems) for (const client of clients) send(client, 'fixed');
    if (!stale || changed.size || closed) return;
    if (running) again = true;
    else running = rebuild();
  }

  /** Whether a file has had no further change in a short while. */
  async function settled(file: string): Promise<boolean> {
    await new Promise((done) => setTimeout(done, 100));
    return !changed.has(file) && !closed;
  }

  /**
   * One saved file: its changed page at once, when the preview can make it alone; or why it
   * cannot be read. One save is often several events: the later ones find it as it was.
   */
  async function takeSave(file: string): Promise<'changed' | 'as last good' | 'refused again' | { refused: Diagnostic[]; text: string }> {
    // Read at once (a trip through the thread pool costs more than reading a large file).
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      pages.forget(file); // gone: the build removes its pages
      return 'changed';
    }
    const saved: Saved = await pages.save(file, bytes);
    if ('same' in saved) return 'as last good';
    if ('check' in saved) {
      const decoded = decodeBytes(file, bytes);
      const text = 'text' in decoded ? decoded.text : bytes.toString('latin1');
      if (problems.get(file)?.text === text) return 'refused again';
      const checked: Loaded = 'text' in decoded ? checkText({ file, text }, decoded.encoding) : decoded;
      if (!checked.source) return { refused: checked.diagnostics, text };
      pages.keep(file, bytes, text);
    }
    const seconds = async () => (Date.now() - (await stat(file)).mtimeMs) / 1000;
    if ('page' in saved) {
      if (running) newer.set(saved.page, saved.html);
      onPage?.({ file, page: saved.page, seconds: await seconds() });
      await reloadChanged();
    } else if ('waits' in saved) {
      onPage?.({ file, waits: saved.waits, seconds: await seconds() });
    }
    pages.prepare();
    return 'changed';
  }

  function problemEvent(): string {
    const lines = formatText([...problems.values()].flatMap((p) => p.diagnostics)).trimEnd().split('\n');
    return JSON.stringify({ summary: 'editio: the last save cannot be read, so this page is the last good one. Fix the file and save again:', lines });
  }

  async function rebuild(): Promise<void> {
    const started = performance.now();
    stale = false;
    try {
      const report = await builds.build();
      pages.link(report.units);
      // Pages this build made from sources older than pages made at once since: the newer ones stay.
      for (const [path, html] of newer) writeFileAtomic(path, html);
      newer.clear();
      const reloaded = await reloadChanged();
      onBuild?.({ report, refused: [], seconds: (performance.now() - started) / 1000, reloaded });
    } catch (error) {
      onError?.(error as Error);
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
    async settled() {
      for (;;) {
        await saves;
        if (running) await running;
        else if (changed.size) await new Promise((done) => setTimeout(done, debounce));
        else return;
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      await saves;
      await running;
      await builds.close();
      for (const client of clients) client.response.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Keep each input's text, when it can be read, for the next save to be compared with; then warm the quick way to a page. */
async function keepTexts(pages: UnitPages, input: Input): Promise<void> {
  for (const item of (await listInputs(input)).items) {
    if (!('size' in item)) continue;
    const bytes = await readFile(item.file).catch(() => undefined);
    const decoded = bytes && decodeBytes(item.file, bytes);
    if (decoded && 'text' in decoded && checkText({ file: item.file, text: decoded.text }, decoded.encoding).source) pages.keep(item.file, bytes, decoded.text);
  }
  pages.prepare();
  await pages.warm();
}

/** A short name of a page's bytes: an open page reloads when its file's differs. */
function versionOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
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
 * The page as sent by the preview: the reload script before `</head>`, with the version of the
 * page it reloads when that changes, and the page's policy widened for it only, to the preview's
 * own script and event stream (the site's origin).
 */
export function withReload(html: string, version: string): string {
  const csp = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(">)/;
  const widened = html.replace(csp, (_whole, open: string, policy: string, close: string) => {
    const directives = policy.replace(/&#x27;/g, "'").split(';').map((d) => d.trim()).filter(Boolean);
    const script = directives.findIndex((d) => d.startsWith('script-src '));
    if (script < 0) directives.push("script-src 'self'");
    else if (!directives[script]!.includes("'self'")) directives[script] += " 'self'";
    directives.push("connect-src 'self'");
    return `${open}${directives.join('; ').replace(/'/g, '&#x27;')}${close}`;
  });
  return widened.replace('</head>', `<script src="${RELOAD_SCRIPT}?v=${version}" defer></script>\n</head>`);
}
