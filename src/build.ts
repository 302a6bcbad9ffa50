import { readFile, readdir, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostic.js';
import { loadInputs, type Input } from './load/inputs.js';
import type { Source } from './load/source.js';
import { checkGrammar, DEFAULT_SCHEMA, finish } from './validate/index.js';
import { indexHtml, volumeHtml, type IndexData } from './site/layout.js';
import { citeView } from './site/cite.js';
import type { CitationEntry } from './cite/index.js';
import { FOOTER } from './site/page.js';
import { removeStaleTemporaries, writeFileAtomic } from './write/atomic.js';
import { documentRunner, defaultJobs } from './corpus/pool.js';
import type { DocumentOutput } from './corpus/document.js';
import { BuildCache, buildKey, contentHash, type CachedDocument } from './corpus/cache.js';
import { writeEditionPages } from './site/edition-pages.js';
import type { DocumentSite } from './site/edition.js';

export interface BuildOptions {
  /** Files or folders of TEI (default: tei/). */
  input?: Input;
  /** The output folder (default: _site). */
  out?: string;
  /** A RelaxNG schema to validate against instead of editio's profile. */
  schema?: string;
  /** Skip validation (the rule checks and the grammar); documents are still read safely. */
  validate?: boolean;
  /** Wrap the text edition at this width (default: no wrapping). */
  width?: number;
  /** Worker threads for checking and transforming documents (default: one per core; 1 = this thread). */
  jobs?: number;
  /** Reuse the outputs of documents that have not changed since the last build (default: true). */
  incremental?: boolean;
  /** Report file names relative to this folder. */
  cwd?: string;
  /** Called after each document, for progress display. */
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface BuildReport {
  out: string;
  /** The edition's contents page. */
  index: string;
  documents: number;
  pages: number;
  written: number;
  unchanged: number;
  /** Documents taken from the build cache, without transformation work. */
  cached: number;
  /** The bytes of TEI read. */
  bytes: number;
  /** Validation findings, and documents that could not be built. */
  diagnostics: Diagnostic[];
  /** Element names the stylesheets did not know: their text was kept. */
  unsupported: string[];
}

const ASSETS = new URL('../templates/assets/', import.meta.url);

/**
 * Build the edition: load, validate, and for each document the HTML pages, text files and
 * citations of its citable units, then the contents page and the assets.
 * - Documents stream through a pool of workers (`jobs`); their results are written in input
 *   order, so the output does not depend on which worker finished first.
 * - A document whose text, and editio, are unchanged since the last build is not read again:
 *   its findings and its entry in the contents come from the build cache.
 * - A document that cannot be read or transformed is reported and skipped; the others are built.
 * - Every file is written atomically, and a rebuild of the same input gives the same bytes.
 */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const out = resolve(options.out ?? '_site');
  await removeStaleTemporaries(out);
  const loaded = await loadInputs(options.input ?? 'tei');
  const validating = options.validate !== false;
  const report: BuildReport = { out, index: join(out, 'index.html'), documents: 0, pages: 0, written: 0, unchanged: 0, cached: 0, bytes: 0, diagnostics: [...loaded.diagnostics], unsupported: [] };
  const schemaText = validating ? await readFile(options.schema ?? DEFAULT_SCHEMA, 'utf8') : '';
  const key = buildKey({ validate: validating, width: options.width ?? 0 }, schemaText);
  const cache = await BuildCache.open(out, key, options.incremental !== false, options.cwd);

  const hashes = new Map(loaded.sources.map((s) => [s, contentHash(s.text)]));
  const fresh = new Map<Source, CachedDocument>();
  for (const source of loaded.sources) {
    const entry = cache.fresh(source.file, hashes.get(source)!);
    if (entry) fresh.set(source, entry);
    report.bytes += Buffer.byteLength(source.text);
  }
  const stale = loaded.sources.filter((s) => !fresh.has(s));

  // The grammar for every changed document at once; libxml2 runs it in its own thread meanwhile.
  const grammar = validating ? await checkGrammar(stale, options.schema) : [];
  const broken = new Set(grammar.filter((d) => d.rule === 'xml-wellformed').map((d) => d.file));

  const runner = documentRunner(options.jobs ?? defaultJobs());
  const unsupported = new Set<string>();
  const contents: IndexData['documents'] = [];
  const owners = new Map<string, string>(); // output path → the source that wrote it
  const volumes = new Set<string>(); // folders whose volume citation is written
  const volumeCitations = new Map<string, CitationEntry>(); // volume folder name → its citation
  const sites: DocumentSite[] = []; // every document's names, dates and files, in input order
  let done = 0;

  const write = async (path: string, content: string) => {
    const result = await writeFileAtomic(path, content);
    report[result === 'written' ? 'written' : 'unchanged']++;
  };

  // Documents are handed to the pool a few ahead of the one being written: enough to keep every
  // worker busy, few enough that finished results never pile up (memory stays flat).
  const jobs = options.jobs ?? defaultJobs();
  const ahead = Math.max(2, jobs * 2);
  const queue = stale.filter((s) => !broken.has(s.file));
  const running = new Map<Source, Promise<DocumentOutput>>();
  let dispatched = 0;
  const dispatch = (until: number) => {
    for (; dispatched < Math.min(until, queue.length); dispatched++) {
      const source = queue[dispatched]!;
      running.set(source, runner.run({ source, out, rules: validating, width: options.width }).catch((error: Error) => ({
        file: source.file, files: [], volumeFiles: [], pages: 0, unsupported: [],
        diagnostics: [problem(source, 'transform-failed', `could not be transformed: ${error.message}`)],
      })));
    }
  };
  const grammarOf = new Map<string, Diagnostic[]>();
  for (const d of grammar) grammarOf.set(d.file, [...(grammarOf.get(d.file) ?? []), d]);

  try {
    let consumed = 0;
    dispatch(ahead);
    for (const source of loaded.sources) {
      let entry = fresh.get(source);
      if (entry) replay(entry);
      else {
        let output: DocumentOutput | undefined;
        if (!broken.has(source.file)) {
          dispatch(++consumed + ahead);
          output = await running.get(source);
          running.delete(source); // its result is let go once written
        }
        entry = await finishDocument(source, output);
      }
      report.diagnostics.push(...entry.diagnostics);
      entry.unsupported.forEach((name) => unsupported.add(name));
      options.onProgress?.(++done, loaded.sources.length, source.file);
    }
  } finally {
    await runner.close();
  }

  /** A document from the cache: its files are there and unchanged, its findings as they were. */
  function replay(entry: CachedDocument): CachedDocument {
    for (const output of [...entry.outputs, ...entry.volumeOutputs]) owners.set(join(out, output), '(cache)');
    if (entry.volumeOutputs.length && entry.folder) volumes.add(entry.folder);
    report.unchanged += entry.outputs.length + entry.volumeOutputs.length;
    report.cached++;
    count(entry);
    return entry;
  }

  /** A freshly built document: its files written, unless another document already wrote one of them. */
  async function finishDocument(source: Source, output: DocumentOutput | undefined): Promise<CachedDocument> {
    const entry: CachedDocument = {
      hash: hashes.get(source)!,
      outputs: [], volumeOutputs: [],
      diagnostics: [...(grammarOf.get(source.file) ?? []), ...(output?.diagnostics ?? [])],
      unsupported: output?.unsupported ?? [],
      pages: 0,
    };
    if (output?.contents && output.folder) {
      const volumeFiles = volumes.has(output.folder) ? [] : output.volumeFiles;
      const files = [...output.files, ...volumeFiles];
      const clash = files.map(([path]) => path).find((p) => owners.has(p));
      if (clash) {
        entry.diagnostics.push(problem(source, 'build-collision', `${clash} was already built from ${owners.get(clash)}: two documents share the id ${output.metadataId} and a unit id`));
      } else {
        for (const [path, content] of files) {
          owners.set(path, source.file);
          await write(path, content);
        }
        if (volumeFiles.length) volumes.add(output.folder);
        Object.assign(entry, {
          outputs: output.files.map(([path]) => cache.relative(path)),
          volumeOutputs: volumeFiles.map(([path]) => cache.relative(path)),
          volumeCitation: volumeFiles.length ? output.volumeCitation : undefined,
          folder: output.folder, contents: output.contents, pages: output.pages, site: output.site,
        });
        count(entry);
      }
    }
    await removeOutputsNoLongerMade(source, entry);
    cache.set(source.file, entry);
    return entry;
  }

  function count(entry: CachedDocument): void {
    if (!entry.contents) return;
    report.documents++;
    report.pages += entry.pages;
    addToContents(contents, structuredClone(entry.contents));
    if (entry.site) sites.push(entry.site);
    if (entry.volumeCitation && entry.folder) volumeCitations.set(entry.contents.folder, entry.volumeCitation);
  }

  /** A changed document that no longer makes a page (a unit renamed or removed): its old files go. */
  async function removeOutputsNoLongerMade(source: Source, entry: CachedDocument): Promise<void> {
    const previous = cache.previous(source.file);
    if (!previous) return;
    const now = new Set([...entry.outputs, ...entry.volumeOutputs]);
    for (const output of [...previous.outputs, ...previous.volumeOutputs]) {
      if (!now.has(output) && !owners.has(join(out, output))) await unlink(join(out, output)).catch(() => undefined);
    }
  }

  // Each volume's own page: its contents with dates and pages, and its citation.
  for (const volume of contents) {
    const citation = volumeCitations.get(volume.folder);
    const path = join(out, volume.folder, 'index.html');
    if (!citation) continue;
    if (owners.has(path)) {
      report.diagnostics.push({ file: owners.get(path)!, line: 0, column: 0, severity: 'error', rule: 'build-collision', source: 'transform', message: `${path}: a unit's page has the name of the volume's page` });
      continue;
    }
    await write(path, volumeHtml({
      lang: 'en', title: volume.title, source: volume.source, assets: '../assets', home: '../index.html', footer: FOOTER,
      units: volume.units.map((u) => ({ ...u, href: u.href.slice(volume.folder.length + 1) })),
      cite: citeView(citation, 'volume'),
    }).normalize('NFC'));
    volume.volume = `${volume.folder}/index.html`;
    report.pages++;
  }

  // The registers, chronology and archival files of the whole edition (src/site/edition-pages.ts).
  const edition = await writeEditionPages(out, sites, editionTitle(contents), write);
  report.pages += edition.pages;

  await write(report.index, indexHtml({ lang: 'en', title: editionTitle(contents), assets: 'assets', footer: FOOTER, documents: contents, edition: edition.links }).normalize('NFC'));
  for (const asset of await readdir(ASSETS)) {
    await write(join(out, 'assets', asset), await readFile(fileURLToPath(new URL(asset, ASSETS)), 'utf8'));
  }
  await cache.save();
  report.diagnostics = finish(report.diagnostics, options.cwd);
  report.unsupported = [...unsupported].sort();
  return report;
}

/** Fragments of one volume in several files make one entry of the contents. */
function addToContents(contents: IndexData['documents'], entry: IndexData['documents'][number]): void {
  const same = contents.find((d) => d.folder === entry.folder);
  if (same) same.units.push(...entry.units);
  else contents.push(entry);
}

function editionTitle(documents: IndexData['documents']): string {
  const titles = [...new Set(documents.map((d) => d.title))];
  return titles.length === 1 ? titles[0]! : 'The edition';
}

function problem(source: Source, rule: string, message: string): Diagnostic {
  return { file: source.file, line: 0, column: 0, severity: 'error', rule, source: 'transform', message };
}
