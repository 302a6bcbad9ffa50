import { readFile, readdir, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostic.js';
import { inWindows, listInputs, loadListed, WINDOW_CHARACTERS, type Input } from './load/inputs.js';
import type { Source } from './load/source.js';
import { checkPartsGrammar, finish, unique } from './validate/index.js';
import { CheckPlan, withConfig, type CheckOptions } from './validate/plan.js';
import { isExtract, PROFILES } from './validate/profiles.js';
import { RunLinks } from './load/links.js';
import { indexHtml, volumeHtml, type IndexData } from './site/layout.js';
import { citeView } from './site/cite.js';
import type { CitationEntry } from './cite/index.js';
import { FOOTER } from './site/page.js';
import { removeStaleTemporaries, writeFileAtomic } from './write/atomic.js';
import { documentRunner, defaultJobs, type DocumentRunner } from './corpus/pool.js';
import { layOutPage, unitLink, type DocumentOutput, type UnitPage } from './corpus/document.js';
import { splitDocument, type OpenPart, type Part } from './load/volume.js';
import type { DocumentMetadata, UnitMetadata } from './transform/metadata.js';
import type { Link } from './site/layout.js';
import { BuildCache, buildKey, contentHash, type CachedDocument } from './corpus/cache.js';
import { removeOldSearchFiles, searchFiles, searchFilesIn, type SearchEntry } from './site/search.js';
import { writeEditionPages } from './site/edition-pages.js';
import type { DocumentSite } from './site/edition.js';

export interface BuildOptions extends CheckOptions {
  /** Files or folders of TEI (default: tei/). */
  input?: Input;
  /** The output folder (default: _site). */
  out?: string;
  /** Skip validation (the rule checks and the grammar); documents are still read safely. */
  validate?: boolean;
  /** Wrap the text edition at this width (default: no wrapping). */
  width?: number;
  /** Worker threads for checking and transforming documents (default: one per core; 1 = this thread). */
  jobs?: number;
  /** Reuse the outputs of documents that have not changed since the last build (default: true). */
  incremental?: boolean;
  /** Called after each document (each part of a large one), for progress display. */
  onProgress?: (done: number, total: number, file: string) => void;
  /** Documents longer than this many characters are built in parts (default: PART_CHARACTERS, 2 million). */
  partCharacters?: number;
  /** Where documents are transformed, when the caller keeps one between builds (the preview keeps its workers warm); else one per build. */
  runner?: DocumentRunner;
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
  /** Each document's units, in the order its pages link to each other (by the document's file). */
  units: Record<string, LinkedUnit[]>;
}

/** A unit as the pages around it name it. */
export type LinkedUnit = NonNullable<CachedDocument['units']>[number];

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
  options = withConfig(options);
  const out = resolve(options.out ?? '_site');
  await removeStaleTemporaries(out);
  const listed = await listInputs(options.input ?? 'tei');
  const validating = options.validate !== false;
  // Pointers across documents (load/links.ts): every document is read once for its ids first.
  const linked = await RunLinks.index(listed.items, options.records);
  const report: BuildReport = { out, index: join(out, 'index.html'), documents: 0, pages: 0, written: 0, unchanged: 0, cached: 0, bytes: 0, diagnostics: [...listed.diagnostics, ...linked.diagnostics], unsupported: [], units: {} };
  const plan = new CheckPlan(options);
  await plan.prepare(validating);
  const project = plan.project.map((p) => p.sef);
  // The schemas' files, included ones too, are part of what every cached finding depends on.
  const schemaText = validating ? (await Promise.all((options.schema ? [options.schema] : Object.values(PROFILES).map((p) => p.grammar)).map((g) => plan.schema(g)))).map((s) => s.signature).join('\u0000') : '';
  const key = buildKey({ validate: validating, width: options.width ?? 0, profile: options.profile, severities: options.severities, project }, schemaText);
  const cache = await BuildCache.open(out, key, options.incremental !== false, options.cwd);

  const runner = options.runner ?? documentRunner(options.jobs ?? defaultJobs());
  const unsupported = new Set<string>();
  const contents: IndexData['documents'] = [];
  const owners = new Map<string, string>(); // output path → the source that wrote it
  const volumes = new Set<string>(); // folders whose volume citation is written
  const volumeCitations = new Map<string, CitationEntry>(); // volume folder name → its citation
  const searched: SearchEntry[] = []; // every unit built, in the contents' order, for the search index
  const sites: DocumentSite[] = []; // every document's names, dates and files, in input order
  let done = 0;
  let total = listed.items.length;

  const write = async (path: string, content: string) => {
    const result = writeFileAtomic(path, content);
    report[result === 'written' ? 'written' : 'unchanged']++;
  };

  // Each document's pages link to the pages before and after them: a part's last page waits for the next part's first.
  let chain = new PageChain(write);

  // A corpus is read a window at a time, so that memory does not grow with the number of documents.
  try {
    for (const window of inWindows(listed.items, WINDOW_CHARACTERS)) {
      const loaded = await loadListed(window);
      report.diagnostics.push(...loaded.diagnostics);
      await buildWindow(loaded.sources);
    }
    await chain.end();
  } finally {
    if (!options.runner) await runner.close();
  }

  async function buildWindow(sources: Source[]): Promise<void> {
    // Every document in parts (load/volume.ts): a small one is one part, a large volume many.
    const jobs: Job[] = [];
    for (const source of sources) {
      report.bytes += Buffer.byteLength(source.text);
      const split = splitDocument(source, options.partCharacters, linked.links?.of(source.file));
      const extract = isExtract(source.text);
      report.diagnostics.push(...split.diagnostics);
      split.parts.forEach((part, i) => {
        const name = partName(source.file, part.key);
        jobs.push({ source, part, name, extract, first: i === 0, last: i === split.parts.length - 1, cached: cache.fresh(name, part.hash) });
      });
    }
    total += jobs.length - sources.length;
    const stale = jobs.filter((j) => !j.cached);
    const grammar = new GrammarBatches(stale, validating ? plan : false);

    // Parts are handed to the pool a few ahead of the one being written: enough to keep every
    // worker busy, few enough that finished results never pile up (memory stays flat).
    const jobCount = options.jobs ?? defaultJobs();
    const ahead = Math.max(2, jobCount * 2);
    const running = new Map<Job, Promise<Finished>>();
    let dispatched = 0;
    const dispatch = (until: number) => {
      for (; dispatched < Math.min(until, stale.length); dispatched++) {
        const job = stale[dispatched]!;
        running.set(job, grammar.of(job).then(async (checked): Promise<Finished> => {
          if (checked.broken) return { checked };
          const { source } = checked.opened;
          const { produce, targets, textBegun, pointedElsewhere, reached, documents, records } = job.part;
          const part = { produce, targets, textBegun, pointedElsewhere, reached, documents, records };
          const conventions = plan.profileOf(job.source).name;
          const output = await runner.run({ source, out, rules: validating, conventions, extract: job.extract, project, width: options.width, part }).catch((error: Error): DocumentOutput => ({
            file: source.file, files: [], pages: [], volumeFiles: [], pageCount: 0, unsupported: [],
            diagnostics: [problem(source, 'transform-failed', `could not be transformed: ${error.message}`)],
          }));
          return { checked, output };
        }));
      }
    };

    let consumed = 0;
    dispatch(ahead);
    for (const job of jobs) {
      if (job.first) {
        await chain.end();
        chain = new PageChain(write);
      }
      let entry = job.cached;
      if (entry) {
        replay(entry, job);
        await chain.skip(entry.units ?? []);
      } else {
        dispatch(++consumed + ahead);
        const finished = await running.get(job)!;
        running.delete(job); // its result is let go once written
        entry = await finishPart(job, finished);
      }
      report.diagnostics.push(...entry.diagnostics);
      if (entry.units) (report.units[job.source.file] ??= []).push(...entry.units);
      entry.unsupported.forEach((name) => unsupported.add(name));
      if (job.last) await removeVanishedParts(job.source.file, jobs);
      options.onProgress?.(++done, total, job.source.file);
    }
  }

  /** A part from the cache: its files are there and unchanged, its findings as they were. */
  function replay(entry: CachedDocument, job: Job): void {
    for (const output of [...entry.outputs, ...entry.volumeOutputs]) owners.set(join(out, output), '(cache)');
    if (entry.volumeOutputs.length && entry.folder) volumes.add(entry.folder);
    report.unchanged += entry.outputs.length + entry.volumeOutputs.length;
    report.cached++;
    count(entry, job);
  }

  /** A freshly built part: its files written, unless another document already wrote one of them. */
  async function finishPart(job: Job, { checked, output }: Finished): Promise<CachedDocument> {
    const found = plan.severities(job.source, [...checked.grammar, ...(output?.diagnostics ?? [])]);
    const placed = found.map((d) => checked.opened.place(d)).filter((d): d is Diagnostic => d !== undefined);
    const entry: CachedDocument = { hash: job.part.hash, outputs: [], volumeOutputs: [], diagnostics: placed, unsupported: output?.unsupported ?? [], pages: 0 };
    if (output?.contents && output.folder && output.metadata) {
      const volumeFiles = volumes.has(output.folder) ? [] : output.volumeFiles;
      const paths = [...output.pages.map((p) => p.path), ...output.files.map(([path]) => path), ...volumeFiles.map(([path]) => path)];
      const clash = paths.find((p) => owners.has(p));
      if (clash) {
        entry.diagnostics.push(problem(job.source, 'build-collision', `${clash} was already built from ${owners.get(clash)}: two documents share the id ${output.metadataId} and a unit id`));
      } else {
        for (const path of paths) owners.set(path, job.source.file);
        await chain.add(output.metadata, output.pages);
        for (const [path, content] of [...output.files, ...volumeFiles]) await write(path, content);
        if (volumeFiles.length) volumes.add(output.folder);
        Object.assign(entry, {
          outputs: [...output.pages.map((p) => p.path), ...output.files.map(([path]) => path)].map((path) => cache.relative(path)),
          volumeOutputs: volumeFiles.map(([path]) => cache.relative(path)),
          volumeCitation: volumeFiles.length ? output.volumeCitation : undefined,
          folder: output.folder, contents: output.contents, pages: output.pageCount, search: output.search, site: output.site,
          units: output.metadata.units.map(({ id, file, title, parent, type }) => ({ id, file, title, parent, type })),
        });
        count(entry, job);
      }
    }
    await removeOutputsNoLongerMade(job.name, entry);
    cache.set(job.name, entry);
    return entry;
  }

  function count(entry: CachedDocument, job: Job): void {
    if (!entry.contents) return;
    if (job.first) report.documents++;
    report.pages += entry.pages;
    addToContents(contents, structuredClone(entry.contents));
    searched.push(...(entry.search ?? []));
    if (entry.site) sites.push(entry.site);
    if (entry.volumeCitation && entry.folder) volumeCitations.set(entry.contents.folder, entry.volumeCitation);
  }

  /** A changed part that no longer makes a page (a unit renamed or removed): its old files go. */
  async function removeOutputsNoLongerMade(name: string, entry: CachedDocument): Promise<void> {
    const previous = cache.previous(name);
    if (!previous) return;
    const now = new Set([...entry.outputs, ...entry.volumeOutputs]);
    for (const output of [...previous.outputs, ...previous.volumeOutputs]) {
      if (!now.has(output) && !owners.has(join(out, output))) await unlink(join(out, output)).catch(() => undefined);
    }
  }

  /** Parts a document no longer has (its units regrouped): their files go, unless a part of this build made them. */
  async function removeVanishedParts(file: string, jobs: Job[]): Promise<void> {
    const current = new Set(jobs.filter((j) => j.source.file === file).map((j) => resolve(j.name)));
    for (const name of cache.namesOf(file)) {
      if (current.has(name)) continue;
      await removeOutputsNoLongerMade(name, { hash: '', outputs: [], volumeOutputs: [], diagnostics: [], unsupported: [], pages: 0 });
      cache.delete(name);
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
      lang: 'en', title: volume.title, source: volume.source, assets: '../assets', home: '../index.html', search: '../search.html', footer: FOOTER,
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
  // Search: search.html and its index, from what each document (fresh or cached) gave.
  // The index is made again only when what it holds changed (making it is most of a warm rebuild).
  const title = editionTitle(contents);
  const made = searchFilesIn(out);
  if (cache.unchangedSince('search', searchInputs(title, searched), made)) report.unchanged += made.length;
  else {
    const written: string[] = [];
    for (const [path, content] of searchFiles(title, searched)) {
      await write(join(out, path), content);
      written.push(path);
    }
    removeOldSearchFiles(out, written);
  }
  for (const asset of await readdir(ASSETS)) {
    await write(join(out, 'assets', asset), await readFile(fileURLToPath(new URL(asset, ASSETS)), 'utf8'));
  }
  await cache.save();
  report.diagnostics = finish(unique(report.diagnostics), options.cwd);
  report.unsupported = [...unsupported].sort();
  return report;
}

/** What a build's cache key takes of a grammar: its text and the files it includes. */
/** Fragments of one volume in several files make one entry of the contents. */
function addToContents(contents: IndexData['documents'], entry: IndexData['documents'][number]): void {
  const same = contents.find((d) => d.folder === entry.folder);
  if (same) same.units.push(...entry.units);
  else contents.push(entry);
}

/** What the search index is made from, `JSON.stringify([title, entries])` in pieces: as one string, every unit's text would be held twice more. */
function* searchInputs(title: string, entries: SearchEntry[]): Generator<string> {
  yield `[${JSON.stringify(title)},[`;
  for (const [i, entry] of entries.entries()) yield (i ? ',' : '') + JSON.stringify(entry);
  yield ']]';
}

function editionTitle(documents: IndexData['documents']): string {
  const titles = [...new Set(documents.map((d) => d.title))];
  return titles.length === 1 ? titles[0]! : 'The edition';
}

function problem(source: Source, rule: string, message: string): Diagnostic {
  return { file: source.file, line: 0, column: 0, severity: 'error', rule, source: 'transform', message };
}

/** One part of one document in a build. */
interface Job {
  source: Source;
  part: Part;
  /** Its document is taken out of its volume (validate/profiles.ts). */
  extract: boolean;
  /** Its name in the build cache. */
  name: string;
  first: boolean;
  last: boolean;
  cached?: CachedDocument;
}

function partName(file: string, key: string): string {
  return key ? `${file}#${key}` : file;
}

interface Checked {
  opened: OpenPart;
  /** Grammar findings, in the part's own lines. */
  grammar: Diagnostic[];
  /** libxml2 could not read it after all: no engine will. */
  broken: boolean;
}

interface Finished {
  checked: Checked;
  output?: DocumentOutput;
}

/**
 * The grammar check of the parts a build transforms, a batch at a time (libxml2 takes many
 * documents per call, and each call starts a worker), one batch ahead of the workers: parts
 * are opened only when their batch is checked, so a volume's parts are not all held at once.
 */
class GrammarBatches {
  private readonly batchOf = new Map<Job, number>();
  private readonly batches: Job[][] = [];
  private readonly results = new Map<number, Promise<Map<Job, Checked>>>();
  /** `plan`: what each document is checked against, or false when the build does not validate. */
  constructor(jobs: Job[], private readonly plan: CheckPlan | false) {
    let size = 0;
    for (const job of jobs) {
      if (!this.batches.length || size + job.part.size > GRAMMAR_BATCH) {
        this.batches.push([]);
        size = 0;
      }
      this.batches[this.batches.length - 1]!.push(job);
      this.batchOf.set(job, this.batches.length - 1);
      size += job.part.size;
    }
  }

  /** A part opened and checked (checking its batch, and starting the next one, when not yet done). */
  async of(job: Job): Promise<Checked> {
    const b = this.batchOf.get(job)!;
    const checked = await this.check(b);
    void this.check(b + 1);
    const result = checked.get(job)!;
    checked.delete(job);
    return result;
  }

  private check(b: number): Promise<Map<Job, Checked>> {
    let result = this.results.get(b);
    if (!result && b < this.batches.length) {
      result = this.run(this.batches[b]!);
      this.results.set(b, result);
    }
    return result ?? Promise.resolve(new Map());
  }

  private async run(batch: Job[]): Promise<Map<Job, Checked>> {
    const opened = batch.map((job) => job.part.open());
    const checked = new Map<Job, Checked>();
    if (this.plan === false) {
      batch.forEach((job, i) => checked.set(job, { opened: opened[i]!, grammar: [], broken: false }));
      return checked;
    }
    // A corpus may mix profiles: each grammar checks its own parts.
    const plan = this.plan;
    const byGrammar = new Map<string, number[]>();
    batch.forEach((job, i) => {
      const grammar = plan.grammarOf(job.source);
      byGrammar.set(grammar, [...(byGrammar.get(grammar) ?? []), i]);
    });
    for (const [grammar, indices] of byGrammar) {
      const found = await checkPartsGrammar(indices.map((i) => opened[i]!), await plan.schema(grammar));
      indices.forEach((i, k) => {
        const grammar = found[k]!.findings;
        checked.set(batch[i]!, { opened: opened[i]!, grammar, broken: grammar.some((d) => d.rule === 'xml-wellformed') });
      });
    }
    return checked;
  }
}

/** Characters of parts per grammar call. */
const GRAMMAR_BATCH = 4 * 1024 * 1024;

/**
 * The pages of one document, laid out in order: each links to its parent and to the pages
 * before and after it, so a page is written once the next one is known. Pages of parts taken
 * from the cache are not written again, but still name their neighbours.
 */
class PageChain {
  private prev?: Link;
  private pending?: { metadata: DocumentMetadata; page: UnitPage; prev?: Link; parent?: Link };
  private readonly parents = new Map<string, Link>();
  private text?: Link;

  constructor(private readonly write: (path: string, content: string) => Promise<void>) {}

  async add(metadata: DocumentMetadata, pages: UnitPage[]): Promise<void> {
    for (const page of pages) {
      const link = unitLink(page.unit);
      await this.settle(link);
      this.pending = { metadata, page, prev: this.prev, parent: this.parentOf(page.unit) };
      this.step(page.unit, link);
    }
  }

  async skip(units: LinkedUnit[]): Promise<void> {
    for (const unit of units) {
      const link = unitLink(unit);
      await this.settle(link);
      this.step(unit, link);
    }
  }

  end(): Promise<void> {
    return this.settle(undefined);
  }

  private step(unit: Pick<UnitMetadata, 'id' | 'type'>, link: Link): void {
    this.prev = link;
    this.parents.set(unit.id, link);
    if (unit.type === 'text') this.text = link;
  }

  /** A document in parts gives its outermost units no parent: the text's page is theirs, when it has one. */
  private parentOf(unit: Pick<UnitMetadata, 'parent' | 'type'>): Link | undefined {
    if (unit.parent !== undefined) return this.parents.get(unit.parent);
    return unit.type === 'text' ? undefined : this.text;
  }

  private async settle(next: Link | undefined): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    await this.write(pending.page.path, layOutPage(pending.metadata, pending.page, { parent: pending.parent, prev: pending.prev, next }));
  }
}
