import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { parseForSaxon, parseProblem } from '../load/parse.js';
import { Locator } from '../load/locator.js';
import { checkRules, type RuleContext } from '../validate/rules.js';
import type { ProfileName } from '../validate/profiles.js';
import { buildOutputs, renderPages, type PartContext } from '../transform/index.js';
import { finishText } from '../transform/text.js';
import type { DocumentMetadata, UnitMetadata, WitnessMetadata } from '../transform/metadata.js';
import type { IndexData, Link } from '../site/layout.js';
import { dateText, pageRange, volumeTitle } from '../site/meta.js';
import { READING_SWITCH, unitPage, witnessTitle } from '../site/page.js';
import { CITATION_FILES, citeView, type CiteView } from '../site/cite.js';
import { formatCitation, type CitationEntry } from '../cite/index.js';
import { searchEntry, type SearchEntry } from '../site/search.js';
import { documentSite, type DocumentSite } from '../site/edition.js';
import { timed, timedAsync } from '../timing.js';

/** One document of a build, or one part of a large one: what a worker needs to check and transform it. */
export interface DocumentTask {
  source: Source;
  out: string;
  /** Run the rule checks (the grammar is checked in the main thread, many documents at a time). */
  rules: boolean;
  /** The conventions of the document's profile, for the rule checks. */
  conventions?: ProfileName;
  /** The project's compiled rules (SEF files), run after editio's. */
  project?: string[];
  /** A FRUS document taken out of its volume (validate/profiles.ts). */
  extract?: boolean;
  width?: number;
  /** A part of a document transformed in parts (load/volume.ts). */
  part?: PartContext & RuleContext;
}

/** A unit's page before its layout: the build lays it out once it knows the pages before and after it. */
export interface UnitPage {
  path: string;
  unit: UnitMetadata;
  body: string;
  cite?: CiteView;
}

export type ContentsEntry = IndexData['documents'][number];

/** Everything a document gives the build: its files, its entry in the contents, its findings. */
export interface DocumentOutput {
  file: string;
  /** The document's own files (texts, citations, witnesses' pages), absolute paths, in a fixed order. */
  files: [path: string, content: string][];
  /** Its units' pages, in document order, for the build to lay out. */
  pages: UnitPage[];
  /** What the document says of itself (series, volume, editors, witnesses) and its units in this run. */
  metadata?: DocumentMetadata;
  /** The citation files of the volume it edits, written once per volume. */
  volumeFiles: [path: string, content: string][];
  /** The volume's citation, for the volume's own page. */
  volumeCitation?: CitationEntry;
  folder?: string;
  metadataId?: string;
  contents?: ContentsEntry;
  /** What the search index holds of each unit. */
  search?: SearchEntry[];
  /** Its names, dates and file numbers, for the edition's registers, chronology and archival files. */
  site?: DocumentSite;
  /** How many pages it makes (units and their witnesses' pages). */
  pageCount: number;
  diagnostics: Diagnostic[];
  unsupported: string[];
}

/**
 * Check and transform one document, all in memory: parse once, run the rules on the tree,
 * then the stylesheets, the citations and the page layout. Runs in a worker thread when the
 * build has several; nothing is written here, so a failure leaves no half-built document.
 */
export async function buildDocument(task: DocumentTask): Promise<DocumentOutput> {
  const { source } = task;
  const output: DocumentOutput = { file: source.file, files: [], pages: [], volumeFiles: [], pageCount: 0, diagnostics: [], unsupported: [] };
  let tree: unknown;
  try {
    tree = await timedAsync('parse', () => parseForSaxon(source));
  } catch (error) {
    output.diagnostics.push({ file: source.file, line: 1, column: 1, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: parseProblem(error) });
    return output;
  }
  if (task.rules) output.diagnostics.push(...timed('rules', () => checkRules(source, tree, new Locator(source.text), { conventions: task.conventions, extract: task.extract, context: task.part, project: task.project })));
  try {
    // The text edition of a critical edition carries its apparatus (a text without one is unchanged).
    const rendered = buildOutputs(source, tree, task.part);
    const { metadata } = rendered;
    const folder = join(task.out, metadata.folder);
    const units = metadata.units.filter((u) => rendered.html.has(u.file));
    const cited = new Map(rendered.citations.units.map((c) => [c.unit, c]));
    output.pages = units.map((unit) => {
      const citation = cited.get(unit.id);
      return { path: join(folder, `${unit.file}.html`), unit, body: rendered.html.get(unit.file)!, cite: citation && timed('citeproc: cite this', () => citeView(citation, unit.file)) };
    });
    output.files = units.flatMap((unit) => {
      const citation = cited.get(unit.id);
      return [
        [join(folder, `${unit.file}.txt`), timed('text: NFC, wrapping', () => finishText(rendered.text.get(unit.file) ?? '', task.width))],
        ...(citation ? timed('citation files', () => citationFiles(join(folder, unit.file), citation)) : []),
      ] as [string, string][];
    });
    // A critical edition: beside each unit, the text of each witness, {unit}.wit-{witness}.html and .txt.
    for (const witness of metadata.witnesses) {
      const view = renderPages(source, tree, ['html', 'text'], { reading: witness.id, part: task.part });
      view.unsupported.forEach((name) => rendered.unsupported.add(name));
      for (const unit of units) {
        const name = `${unit.file}.wit-${witness.file}`;
        output.files.push([join(folder, `${name}.html`), witnessPage(metadata, unit, witness, view.html.get(unit.file) ?? '')]);
        output.files.push([join(folder, `${name}.txt`), finishText(view.text.get(unit.file) ?? '', task.width)]);
      }
    }
    output.unsupported = [...rendered.unsupported].sort();
    if (rendered.citations.volume) {
      output.volumeFiles = citationFiles(join(folder, 'volume'), rendered.citations.volume);
      output.volumeCitation = rendered.citations.volume;
    }
    output.folder = folder;
    output.metadataId = metadata.id;
    output.metadata = { ...metadata, units };
    output.contents = contentsEntry(metadata, units);
    output.search = timed('search entries', () => units.map((unit) => searchEntry({
      href: `${metadata.folder}/${unit.file}.html`, title: unit.title, volume: volumeTitle(metadata), text: finishText(rendered.text.get(unit.file) ?? ''),
    }, rendered.html.get(unit.file)!, dateText)));
    output.pageCount = units.length * (1 + metadata.witnesses.length);
    output.site = documentSite(rendered.site, metadata.folder, volumeTitle(metadata), units);
  } catch (error) {
    output.diagnostics.push({ file: source.file, line: 0, column: 0, severity: 'error', rule: 'transform-failed', source: 'transform', message: `could not be transformed: ${(error as Error).message}` });
  }
  return output;
}

/** A unit's (or volume's) citation files beside its page: `{stem}.bib`, `.ris`, `.json`. */
function citationFiles(stem: string, entry: CitationEntry): [string, string][] {
  return CITATION_FILES.map(([extension, format]) => [`${stem}.${extension}`, formatCitation(entry, format)]);
}

/** A unit's page in the layout, with links to its parent and to the pages before and after it (in its document). */
export function layOutPage(metadata: DocumentMetadata, page: UnitPage, around: { parent?: Link; prev?: Link; next?: Link }): string {
  return unitPage(metadata, page.unit, page.body, {
    assets: '../assets',
    home: '../index.html',
    search: '../search.html',
    parent: around.parent,
    pager: around.prev || around.next ? { prev: around.prev, next: around.next } : undefined,
    cite: page.cite,
    scripts: metadata.witnesses.length > 0 ? [READING_SWITCH] : undefined,
  });
}

/** How other pages link to a unit's page (from the folder of its document). */
export function unitLink(unit: Pick<UnitMetadata, 'file' | 'title'>): Link {
  return { href: `${unit.file}.html`, title: unit.title };
}

/** One witness's text of a unit: no citable unit of its own (no canonical address), under the unit's page. */
function witnessPage(metadata: DocumentMetadata, unit: UnitMetadata, witness: WitnessMetadata, body: string): string {
  return unitPage(metadata, { ...unit, title: witnessTitle(unit.title, witness), url: undefined }, body, {
    assets: '../assets',
    home: '../index.html',
    search: '../search.html',
    parent: { href: `${unit.file}.html`, title: unit.title },
  });
}

function contentsEntry(metadata: DocumentMetadata, units: UnitMetadata[]): ContentsEntry {
  const { source } = metadata;
  return {
    folder: metadata.folder,
    title: volumeTitle(metadata),
    source: [source.editors.length ? `Edited by ${source.editors.join(', ')}` : '', [[source.place, source.publisher].filter(Boolean).join(': '), source.date].filter(Boolean).join(', ')].filter(Boolean).join('. ') || undefined,
    units: units.map((u) => ({
      href: `${metadata.folder}/${u.file}.html`,
      title: u.title,
      pages: pageRange(u),
      date: u.date,
      dateText: dateText(u.date),
      kind: u.type === 'text' ? 'Text' : u.type[0]!.toUpperCase() + u.type.slice(1),
    })),
  };
}
