#!/usr/bin/env node
// Search on a whole volume, as a reader meets it. `editio build` of the FRUS-like volume
// (bench/volume.mjs; BENCH_MB, default 20) cold and warm (nothing changed: the index is not made
// again), and the build's last step alone, which makes the index and writes it; then search.html
// in Chromium (playwright-core, /usr/bin/chromium) over HTTP: the bytes the page loads before the
// first query, and for a name, a date, a rare word, a common word and the commonest word, the time
// from the last keystroke to the results and the bytes the query loaded (each query in a fresh
// tab, nothing cached; BENCH_REPEAT times, default 3, the median). Also the index's size on disk,
// and gzipped as a static host would send it.
//
// With EDITIO_PAGEFIND=DIR (a folder in which `npm install pagefind` was run; editio does not
// depend on it), the same units are indexed by Pagefind (as custom records: text, title, names
// and dates, from the build cache) and measured the same way, for comparison.
// BENCH_SITE=DIR measures a site built before (by this script, or by `editio build` from this
// folder, whose build cache it reads) instead of building.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { generateVolume } from './volume.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const megabytes = Number(process.env.BENCH_MB ?? 20);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const QUERIES = [
  ['a name', 'Maximiliano Hernandez'],
  ['a date', '1943-04-01'],
  ['a rare word', 'indebtedness'],
  ['a common word', 'government'],
  ['the commonest', 'the'],
];

function build(out, input) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, 'build', input, '--out', out, '--jobs', '2', '--quiet'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status === 2) throw new Error(`editio build failed:\n${result.stderr}`);
  return (performance.now() - started) / 1000;
}

/** Every file under `folder`, relative to it. */
function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(folder, f)).isFile());
}

function sizes(folder, files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(folder, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { files: files.length, raw, gzip };
}

/** Where the build cache of `out` is (the builds run from the project folder). */
async function cacheFile(out) {
  const { cacheFolder } = await import(pathToFileURL(join(root, 'dist', 'corpus', 'cache.js')).href);
  return join(cacheFolder(root), `${createHash('sha256').update(resolve(out)).digest('hex').slice(0, 16)}.json`);
}

/** The units as the build cache holds them for the search index, in the contents' order. */
async function cachedEntries(out) {
  const documents = Object.entries(JSON.parse(readFileSync(await cacheFile(out), 'utf8')).documents);
  // A volume's parts are named `file#chapter`: in the contents' order by the chapter's number.
  const order = (name) => Number(/(\d+)$/.exec(name)?.[1] ?? -1);
  return documents.sort(([a], [b]) => order(a) - order(b)).flatMap(([, d]) => d.search ?? []);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm' };

/** A plain static server for `folder`, without compression, so that the bytes counted are the files'. */
async function serve(folder) {
  const server = createServer((request, response) => {
    const path = resolve(folder, `.${decodeURIComponent(new URL(request.url, 'http://localhost').pathname)}`);
    if (!path.startsWith(folder + sep)) return void response.writeHead(403).end();
    try {
      const body = readFileSync(path);
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) };
}

/**
 * Open `url` (a search page: #search-query, #search-status, #search-results) in a fresh tab for
 * each query, let it load, then type the query and time the last keystroke to the first result
 * shown (or to "Nothing found"). Bytes are the response bodies (the server does not compress), of
 * the page's own requests and its workers'.
 */
async function measure(browser, url, label) {
  const rows = [];
  const befores = [];
  for (const [what, query] of QUERIES) {
    const runs = [];
    for (let run = 0; run < REPEAT; run++) runs.push(await once(browser, url, query, befores));
    runs.sort((a, b) => a.ms - b.ms);
    rows.push({ what, query, ...runs[Math.floor(runs.length / 2)], errors: runs.flatMap((r) => r.errors) });
  }
  console.log(`\n${label}: before the first query ${(Math.max(...befores) / 1e3).toFixed(0)} KB; each query ${REPEAT} times in a fresh tab, the median`);
  console.log('| query | | results | to the first result | loaded by the query (all results shown) | requests |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.what} | ${r.query} | ${r.found === 'Nothing' ? 0 : r.found} | ${r.ms.toFixed(0)} ms | ${(r.bytes / 1e3).toFixed(0)} KB | ${r.requests} |${r.errors.length ? ` errors: ${r.errors.join('; ')}` : ''}`);
  }
  return rows;
}

/** One query in a fresh tab: the time from the last keystroke to the first result, and the bytes. */
async function once(browser, url, query, befores) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && errors.push(m.text()));
  const sizes = { before: [], query: [] };
  let phase = 'before';
  page.on('requestfinished', (request) => {
    if (!request.url().endsWith('/favicon.ico')) sizes[phase].push(request.sizes().then((s) => s.responseBodySize));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForSelector('#search-query', { state: 'visible' });
  await page.evaluate(() => {
    const input = document.getElementById('search-query');
    const list = document.getElementById('search-results');
    const status = document.getElementById('search-status');
    input.addEventListener('input', () => (window.benchTyped = performance.now()));
    const shown = () => {
      if (window.benchShown || !window.benchTyped || input.value !== window.benchQuery) return;
      if (list.querySelector('li') || status.textContent.includes(input.value)) window.benchShown = performance.now();
    };
    new MutationObserver(shown).observe(list, { childList: true });
    new MutationObserver(shown).observe(status, { childList: true, characterData: true, subtree: true });
  });
  phase = 'query';
  await page.evaluate((query) => (window.benchQuery = query), query);
  await page.locator('#search-query').pressSequentially(query, { delay: 40 });
  await page.waitForFunction(() => window.benchShown, null, { timeout: 60_000 });
  const ms = await page.evaluate(() => window.benchShown - window.benchTyped);
  await page.waitForFunction((q) => document.getElementById('search-status').textContent.includes(q), query, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  const status = await page.textContent('#search-status');
  const sum = async (list) => (await Promise.all(list)).reduce((a, b) => a + b, 0);
  befores.push(await sum(sizes.before));
  const result = { ms, bytes: await sum(sizes.query), requests: sizes.query.length, found: /^(\d+|Nothing)/.exec(status)?.[1] ?? status, errors };
  await context.close();
  return result;
}

/** Pagefind over the same units, with a search page that behaves as editio's (same debounce, 50 results with excerpts). */
async function pagefindSite(out, folder) {
  const pagefind = await import(pathToFileURL(join(folder, 'node_modules', 'pagefind', 'lib', 'index.js')).href);
  const entries = await cachedEntries(out);
  const started = performance.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (errors.length) throw new Error(errors.join('\n'));
  for (const e of entries) {
    const added = await index.addCustomRecord({ url: `/${e.href}`, content: [e.title, e.text, ...e.names, ...e.dates].join('\n'), language: 'en', meta: { title: e.title, volume: e.volume } });
    if (added.errors.length) throw new Error(added.errors.join('\n'));
  }
  rmSync(join(out, 'pagefind'), { recursive: true, force: true });
  const written = await index.writeFiles({ outputPath: join(out, 'pagefind') });
  if (written.errors.length) throw new Error(written.errors.join('\n'));
  const seconds = (performance.now() - started) / 1000;
  await pagefind.close();
  // Pagefind fetches its index and runs WebAssembly: the policy needs connect-src and 'wasm-unsafe-eval'.
  writeFileSync(join(out, 'pagefind-search.html'), readFileSync(join(out, 'search.html'), 'utf8')
    .replace(/script-src 'self'/, "script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'")
    .replace(/<script\b[^>]*><\/script>\n/g, '')
    .replace('</head>', '<script src="pagefind-search.js" type="module"></script>\n</head>'));
  writeFileSync(join(out, 'pagefind-search.js'), `const pagefind = await import('./pagefind/pagefind.js');
await pagefind.init();
const input = document.getElementById('search-query');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
document.getElementById('search-fallback').hidden = true;
document.getElementById('search-form').hidden = false;
let timer;
let latest = 0;
input.addEventListener('input', () => {
  latest++;
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const query = input.value;
    const asked = ++latest;
    const search = await pagefind.search(query);
    if (asked !== latest) return;
    // As editio's page: the fragments of the results shown, eight ahead of the one shown next.
    const wanted = search.results.slice(0, 50);
    const loads = [];
    if (!wanted.length) list.replaceChildren();
    for (let n = 0; n < wanted.length; n++) {
      while (loads.length < Math.min(n + 8, wanted.length)) loads.push(wanted[loads.length].data());
      const r = await loads[n];
      if (asked !== latest) return;
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = r.url.slice(1);
      a.textContent = r.meta.title;
      const p = document.createElement('p');
      p.textContent = r.excerpt.replace(/<[^>]*>/g, '');
      li.append(a, p);
      if (n === 0) list.replaceChildren(li);
      else list.append(li);
    }
    status.textContent = search.results.length ? search.results.length + ' found for “' + query + '”.' : 'Nothing found for “' + query + '”.';
  }, 100);
});
`);
  return seconds;
}

const site = process.env.BENCH_SITE ? resolve(process.env.BENCH_SITE) : undefined;
const out = site ?? join(mkdtempSync(join(tmpdir(), 'editio-bench-search-')), 'site');
console.log(`search on ${process.platform}, Node ${process.version}`);
if (!site) {
  const volume = generateVolume(megabytes);
  console.log(`the volume: ${(volume.bytes / 1e6).toFixed(1)} MB, ${volume.units} units`);
  const cold = build(out, volume.file);
  const warm = build(out, volume.file);
  console.log(`editio build --jobs 2: cold ${cold.toFixed(1)} s; warm ${warm.toFixed(2)} s (nothing changed: the index is not made again)`);
  rmSync(volume.file, { force: true });
}
{
  // What making the index costs a build that makes it (cold, or any change to what it holds): the build's last step alone, from the same units.
  const { searchFiles } = await import(pathToFileURL(join(root, 'dist', 'site', 'search.js')).href);
  const { writeFileAtomic } = await import(pathToFileURL(join(root, 'dist', 'write', 'atomic.js')).href);
  const entries = await cachedEntries(out);
  const folder = mkdtempSync(join(tmpdir(), 'editio-bench-index-'));
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const [path, content] of searchFiles('The volume', entries)) writeFileAtomic(join(folder, path), content);
  const used = process.cpuUsage(cpu);
  console.log(`making and writing the index alone: ${((performance.now() - started) / 1000).toFixed(2)} s (CPU ${((used.user + used.system) / 1e6).toFixed(2)} s)`);
  rmSync(folder, { recursive: true, force: true });
}
const index = sizes(join(out, 'assets', 'search'), filesUnder(join(out, 'assets', 'search')));
console.log(`editio's index (assets/search/): ${index.files} files, ${(index.raw / 1e6).toFixed(2)} MB, gzipped ${(index.gzip / 1e6).toFixed(2)} MB`);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const server = await serve(out);
try {
  await measure(browser, `${server.url}search.html`, 'editio (MiniSearch, split)');
  if (process.env.EDITIO_PAGEFIND) {
    const seconds = await pagefindSite(out, resolve(process.env.EDITIO_PAGEFIND));
    const files = sizes(join(out, 'pagefind'), filesUnder(join(out, 'pagefind')).filter((f) => /^(index|fragment)\/|\.pf_meta$|^pagefind(-entry\.json|\.js)$|^wasm\.en/.test(f)));
    console.log(`\nPagefind: indexing and writing ${seconds.toFixed(2)} s; its index (pagefind.js, wasm, meta, index, fragments): ${files.files} files, ${(files.raw / 1e6).toFixed(2)} MB (its files are compressed already)`);
    await measure(browser, `${server.url}pagefind-search.html`, 'Pagefind');
  }
} finally {
  await server.close();
  await browser.close();
  if (!site) {
    rmSync(await cacheFile(out), { force: true });
    rmSync(dirname(out), { recursive: true, force: true });
  }
}
