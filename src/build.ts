import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostic.js';
import { loadInputs, type Input } from './load/inputs.js';
import type { Source } from './load/source.js';
import { checkSources, finish } from './validate/index.js';
import { renderPages } from './transform/index.js';
import { finishText } from './transform/text.js';
import type { DocumentMetadata, UnitMetadata, WitnessMetadata } from './transform/metadata.js';
import { indexHtml, type IndexData, type Link } from './site/layout.js';
import { pageRange, volumeTitle } from './site/meta.js';
import { FOOTER, READING_SWITCH, unitPage, witnessTitle } from './site/page.js';
import { removeStaleTemporaries, writeFileAtomic } from './write/atomic.js';

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
  /** Validation findings, and documents that could not be built. */
  diagnostics: Diagnostic[];
  /** Element names the stylesheets did not know: their text was kept. */
  unsupported: string[];
}

const ASSETS = new URL('../templates/assets/', import.meta.url);

/**
 * Build the edition: load, validate, and for each document the HTML pages and text files of
 * its citable units, then the contents page and the stylesheets. A document that cannot be
 * read or transformed is reported and skipped; the others are built. Every file is written
 * atomically, and a rebuild of the same input gives the same bytes.
 */
export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const out = resolve(options.out ?? '_site');
  await removeStaleTemporaries(out);
  const loaded = await loadInputs(options.input ?? 'tei');
  const report: BuildReport = { out, index: join(out, 'index.html'), documents: 0, pages: 0, written: 0, unchanged: 0, diagnostics: [...loaded.diagnostics], unsupported: [] };
  const unsupported = new Set<string>();
  const contents: IndexData['documents'] = [];
  const owners = new Map<string, string>(); // output path → the source that wrote it
  let critical = false; // whether a document has witnesses: its pages load the reading switch
  let done = 0;

  const write = async (path: string, content: string) => {
    const result = await writeFileAtomic(path, content);
    report[result === 'written' ? 'written' : 'unchanged']++;
  };

  const eachDocument = async (source: Source, tree: unknown) => {
    try {
      // The text edition of a critical edition carries its apparatus (a text without one is unchanged).
      const rendered = renderPages(source, tree, ['html', 'text'], { apparatus: true });
      rendered.unsupported.forEach((name) => unsupported.add(name));
      const { metadata } = rendered;
      const folder = join(out, metadata.folder);
      const units = metadata.units.filter((u) => rendered.html.has(u.file));
      const clash = units.map((u) => join(folder, `${u.file}.html`)).find((p) => owners.has(p));
      if (clash) {
        report.diagnostics.push(problem(source, 'build-collision', `${clash} was already built from ${owners.get(clash)}: two documents share the id ${metadata.id} and a unit id`));
        return;
      }
      // Everything is rendered in memory first, so a failure leaves no half-built document.
      const files = units.flatMap((unit, i) => [
        [join(folder, `${unit.file}.html`), page(metadata, unit, units, i, rendered.html.get(unit.file)!)],
        [join(folder, `${unit.file}.txt`), finishText(rendered.text.get(unit.file) ?? '', options.width)],
      ] as [string, string][]);
      // A critical edition: beside each unit, the text of each witness, {unit}.wit-{witness}.html and .txt.
      for (const witness of metadata.witnesses) {
        const view = renderPages(source, tree, ['html', 'text'], { reading: witness.id });
        view.unsupported.forEach((name) => unsupported.add(name));
        for (const unit of units) {
          const name = `${unit.file}.wit-${witness.file}`;
          files.push([join(folder, `${name}.html`), witnessPage(metadata, unit, witness, view.html.get(unit.file) ?? '')]);
          files.push([join(folder, `${name}.txt`), finishText(view.text.get(unit.file) ?? '', options.width)]);
        }
      }
      for (const [path, content] of files) {
        owners.set(path, source.file);
        await write(path, content);
      }
      report.documents++;
      report.pages += units.length * (1 + metadata.witnesses.length);
      critical ||= metadata.witnesses.length > 0;
      addToContents(contents, contentsEntry(metadata, units));
    } catch (error) {
      report.diagnostics.push(problem(source, 'transform-failed', `could not be transformed: ${(error as Error).message}`));
    } finally {
      options.onProgress?.(++done, loaded.sources.length, source.file);
    }
  };

  const findings = await checkSources(loaded.sources, { schema: options.schema, rules: options.validate !== false, cwd: options.cwd }, eachDocument);
  if (options.validate !== false) report.diagnostics.push(...findings);
  else report.diagnostics.push(...findings.filter((d) => d.rule === 'xml-wellformed'));

  await write(report.index, indexHtml({ lang: 'en', title: editionTitle(contents), assets: 'assets', footer: FOOTER, documents: contents }).normalize('NFC'));
  for (const asset of await readdir(ASSETS)) {
    if (asset === READING_SWITCH && !critical) continue; // a site without witnesses has no script at all
    await write(join(out, 'assets', asset), await readFile(fileURLToPath(new URL(asset, ASSETS)), 'utf8'));
  }
  report.diagnostics = finish(report.diagnostics, options.cwd);
  report.unsupported = [...unsupported].sort();
  return report;
}

function page(metadata: DocumentMetadata, unit: UnitMetadata, units: UnitMetadata[], index: number, body: string): string {
  const link = (u: UnitMetadata | undefined): Link | undefined => u && { href: `${u.file}.html`, title: u.title };
  return unitPage(metadata, unit, body, {
    assets: '../assets',
    home: '../index.html',
    parent: link(units.find((u) => u.id === unit.parent)),
    pager: units.length > 1 ? { prev: link(units[index - 1]), next: link(units[index + 1]) } : undefined,
    scripts: metadata.witnesses.length > 0 ? [READING_SWITCH] : undefined,
  });
}

/** One witness's text of a unit: no citable unit of its own (no canonical address), under the unit's page. */
function witnessPage(metadata: DocumentMetadata, unit: UnitMetadata, witness: WitnessMetadata, body: string): string {
  return unitPage(metadata, { ...unit, title: witnessTitle(unit.title, witness), url: undefined }, body, {
    assets: '../assets',
    home: '../index.html',
    parent: { href: `${unit.file}.html`, title: unit.title },
  });
}

function contentsEntry(metadata: DocumentMetadata, units: UnitMetadata[]): IndexData['documents'][number] {
  const { source } = metadata;
  return {
    folder: metadata.folder,
    title: volumeTitle(metadata),
    source: [source.editors.length ? `Edited by ${source.editors.join(', ')}` : '', [source.place, source.publisher, source.date].filter(Boolean).join(': ')].filter(Boolean).join('. ') || undefined,
    units: units.map((u) => ({
      href: `${metadata.folder}/${u.file}.html`,
      title: u.title,
      pages: pageRange(u),
      kind: u.type === 'text' ? 'Text' : u.type[0]!.toUpperCase() + u.type.slice(1),
    })),
  };
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
