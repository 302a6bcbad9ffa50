import { basename, dirname, extname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { loadListed, type ListedInput } from './inputs.js';
import type { Source } from './source.js';
import { recordXml, scan, type DocumentLinks } from './volume.js';

/**
 * Pointers across the documents of one run. A volume kept in several files (the documents of a
 * FRUS volume, its persons list in a file of its own) points from one file into another with
 * `#id`; any document may point into another by name, `persons.xml#p1`; and a project may keep
 * its authority records in files of their own (`records` in the project file), which every
 * document's `#id`s reach. What each document learns here is what the parts of a volume learn of
 * each other (load/volume.ts): which of its pointers resolve elsewhere, which of its ids are
 * pointed at from elsewhere, and the records its names point to; the rule checks and the
 * stylesheets take it the same way.
 */
export class RunLinks {
  private constructor(private readonly links: Map<string, DocumentLinks>) {}

  /** What a document of the run knows of the others (nothing for one the run did not index). */
  of(file: string): DocumentLinks | undefined {
    return this.links.get(key(file));
  }

  /**
   * Read every document of the run once (and the records files), for its ids and its pointers
   * only; nothing is kept of a document but those. A run of one document and no records files
   * needs nothing. Records files that cannot be read are findings.
   */
  static async index(items: readonly ListedInput[], recordFiles: readonly string[] = []): Promise<{ links?: RunLinks; diagnostics: Diagnostic[] }> {
    if (items.length + recordFiles.length < 2) return { diagnostics: [] };
    const documents: Indexed[] = [];
    const diagnostics: Diagnostic[] = [];
    const records = new Set(recordFiles.map(key));
    for (const item of [...items, ...recordFiles.filter((f) => !items.some((i) => key(i.file) === key(f))).map((file) => ({ file, size: 0 }))]) {
      const loaded = await loadListed([item]);
      if (records.has(key(item.file))) diagnostics.push(...loaded.diagnostics);
      const source = loaded.sources[0];
      if (source) {
        const indexed = indexDocument(source);
        if (indexed) documents.push({ ...indexed, records: records.has(indexed.key) });
      }
    }
    return { links: new RunLinks(resolveAll(documents)), diagnostics };
  }
}

/** One document, as the others see it. */
interface Indexed {
  key: string;
  /** The document's volume (its FRUS volume id, its TEI xml:id, else its file name): documents of one volume share an output folder. */
  volume: string;
  /** Its xml:ids: the unit whose page shows each ('' for the text's page), and the record's XML when it is an authority record. */
  ids: Map<string, { unit: string; record?: (pointer: string) => string }>;
  /** Its `#id` pointers that it does not resolve itself. */
  open: string[];
  /** Its pointers into other documents by name. */
  external: { token: string; document: string; id: string }[];
  /** A records file of the project: every document's `#id`s may reach it. */
  records: boolean;
}

function indexDocument(source: Source): Omit<Indexed, 'records'> | undefined {
  const outline = scan(source.text);
  if (!outline) return undefined;
  const ids: Indexed['ids'] = new Map();
  for (const d of outline.definitions) {
    if (!ids.has(d.id)) ids.set(d.id, { unit: d.unit ?? '', ...(d.record ? { record: recordXml(source.text, d.record) } : {}) });
  }
  return {
    key: key(source.file),
    volume: volumeOf(source),
    ids,
    open: [...new Set(outline.pointers.map((p) => p.id).filter((id) => !ids.has(id)))],
    external: outline.external.map(({ token, document, id }) => ({ token, document, id })),
  };
}

/** Each document's links: its pointers resolved against the others, and who points at it. */
function resolveAll(documents: Indexed[]): Map<string, DocumentLinks> {
  const byKey = new Map(documents.map((d) => [d.key, d]));
  const links = new Map<string, DocumentLinks>(documents.map((d) => [d.key, { targets: {}, reached: [], documents: [], pointedElsewhere: [], records: '' }]));
  const pointedAt = new Map<string, Set<string>>(documents.map((d) => [d.key, new Set()]));
  for (const document of documents) {
    const own = links.get(document.key)!;
    const records = new Map<string, string>();
    const reach = (token: string, id: string, target: Indexed) => {
      own.reached.push(token);
      pointedAt.get(target.key)!.add(id);
      const entry = target.ids.get(id)!;
      if (entry.record && !records.has(token)) records.set(token, entry.record(token));
    };
    // #id: a document of the same volume (same output folder: its pages link there), else a records file.
    for (const id of document.open) {
      const sibling = documents.find((d) => d !== document && d.volume === document.volume && d.ids.has(id));
      const target = sibling ?? documents.find((d) => d !== document && d.records && d.ids.has(id));
      if (!target) continue;
      if (sibling) own.targets[id] = sibling.ids.get(id)!.unit;
      reach(`#${id}`, id, target);
    }
    // persons.xml#id: the document of that name, from the pointing document's folder.
    for (const pointer of document.external) {
      const target = byKey.get(resolve(dirname(document.key), pointer.document));
      if (!target) continue; // not a document of this run: a link, not checked
      own.documents.push(pointer.document);
      if (target.ids.has(pointer.id)) reach(pointer.token, pointer.id, target);
    }
    own.reached = [...new Set(own.reached)].sort();
    own.documents = [...new Set(own.documents)].sort();
    own.records = [...records].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, xml]) => xml).join('');
  }
  for (const [file, ids] of pointedAt) links.get(file)!.pointedElsewhere = [...ids].sort();
  return links;
}

function key(file: string): string {
  return resolve(file);
}

/** The id a document's volume goes by, as xslt/common/functions.xsl (editio:document-id) reads it. */
function volumeOf(source: Source): string {
  const text = source.text.search(/<(?:[\w.-]+:)?text[\s>]/);
  const header = text === -1 ? source.text : source.text.slice(0, text);
  const frus = /<(?:[\w.-]+:)?idno\b[^>]*\btype\s*=\s*["']frus["'][^>]*>\s*([^<]*?)\s*</.exec(header)?.[1];
  const root = /<(?:[\w.-]+:)?TEI\b[^>]*\sxml:id\s*=\s*["']([^"']+)["']/.exec(header)?.[1];
  return frus || root || basename(source.file, extname(source.file));
}
