import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostic.js';
import { writeFileAtomic } from '../write/atomic.js';
import type { ContentsEntry } from './document.js';
import type { CitationEntry } from '../cite/index.js';
import type { UnitMetadata } from '../transform/metadata.js';
import type { SearchEntry } from '../site/search.js';
import type { DocumentSite } from '../site/edition.js';

/** What a build remembers of a document, to skip it when neither it nor editio has changed. */
export interface CachedDocument {
  /** The content hash of the document's text. */
  hash: string;
  /** Its output files, relative to the output folder. */
  outputs: string[];
  /** Its volume's citation files, when it wrote them. */
  volumeOutputs: string[];
  folder?: string;
  contents?: ContentsEntry;
  /** The volume's citation, when this document wrote the volume's files. */
  volumeCitation?: CitationEntry;
  /** Its units in the search index (a warm rebuild writes the index from the cache). */
  search?: SearchEntry[];
  /** Its share of the edition's registers, chronology and archival files. */
  site?: DocumentSite;
  pages: number;
  diagnostics: Diagnostic[];
  unsupported: string[];
  /** Its units, in order: the pages of the parts around it name them. */
  units?: Pick<UnitMetadata, 'id' | 'file' | 'title' | 'parent' | 'type'>[];
}

interface CacheFile {
  key: string;
  documents: Record<string, CachedDocument>;
  /** What the edition-wide files were last made from (a hash per file group): unchanged, they are not made again. */
  made?: Record<string, string>;
}

export function contentHash(text: string | Iterable<string>): string {
  const hash = createHash('sha256');
  // In pieces, a text too large to hold at once as one string (the search index's entries).
  if (typeof text === 'string') hash.update(text);
  else for (const piece of text) hash.update(piece);
  return hash.digest('hex');
}

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What every output depends on besides its document: the compiled stylesheets and rules, the
 * page templates and assets, the CSL styles, editio's version, the schema and the options.
 * Any change there makes every document stale.
 */
export function buildKey(options: Record<string, unknown>, schemaText: string): string {
  const hash = createHash('sha256');
  for (const folder of ['dist/sef', 'templates', 'csl']) {
    const base = join(PROJECT, folder);
    if (!existsSync(base)) continue;
    for (const file of readdirSync(base, { recursive: true, encoding: 'utf8' }).sort()) {
      const path = join(base, file);
      try {
        hash.update(file).update(readFileSync(path));
      } catch {
        // a folder
      }
    }
  }
  hash.update(readFileSync(join(PROJECT, 'package.json')));
  hash.update(JSON.stringify(options)).update(schemaText);
  return hash.digest('hex');
}

/**
 * Where build caches live: `node_modules/.cache/editio/` of the project being built, as other
 * tools keep theirs, else the system's temporary folder. Never in or beside the published folder.
 */
export function cacheFolder(cwd: string): string {
  const modules = join(cwd, 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'editio') : join(tmpdir(), 'editio-cache');
}

/**
 * The build cache: one JSON file per output folder, in `cacheFolder()`. Entries are keyed by the document's path (and, for a
 * document built in parts, `#` and the part's name); an entry counts
 * only when the build key, the document's hash and all its output files are unchanged.
 */
export class BuildCache {
  private constructor(private readonly path: string, private readonly out: string, private readonly key: string, private readonly documents: Record<string, CachedDocument>, private readonly made: Record<string, string>) {}

  static async open(out: string, key: string, enabled: boolean, cwd = process.cwd()): Promise<BuildCache> {
    const path = join(cacheFolder(cwd), `${createHash('sha256').update(out).digest('hex').slice(0, 16)}.json`);
    let documents: Record<string, CachedDocument> = {};
    let made: Record<string, string> = {};
    if (enabled) {
      try {
        const file = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
        if (file.key === key) {
          documents = file.documents;
          made = file.made ?? {};
        }
      } catch {
        // no cache yet, or an unreadable one: start afresh
      }
    }
    return new BuildCache(path, out, key, documents, made);
  }

  /** The entry for a document, if it is still good: same text, and every output still there. */
  fresh(file: string, hash: string): CachedDocument | undefined {
    const entry = this.documents[resolve(file)];
    if (!entry || entry.hash !== hash) return undefined;
    return [...entry.outputs, ...entry.volumeOutputs].every((o) => existsSync(join(this.out, o))) ? entry : undefined;
  }

  /** The entry as a build left it last time, fresh or not (to clear outputs a document no longer makes). */
  previous(file: string): CachedDocument | undefined {
    return this.documents[resolve(file)];
  }

  set(file: string, entry: CachedDocument): void {
    this.documents[resolve(file)] = entry;
  }

  /** The names of a document's entries: the document's own, and those of its parts (`file#part`). */
  namesOf(file: string): string[] {
    const path = resolve(file);
    return Object.keys(this.documents).filter((name) => name === path || name.startsWith(path + '#'));
  }

  delete(name: string): void {
    delete this.documents[resolve(name)];
  }

  /**
   * Whether edition-wide files (the search index: costly to make, from every document) are still
   * as the same inputs made them; records the inputs' hash for next time either way.
   */
  unchangedSince(group: string, inputs: string | Iterable<string>, files: string[]): boolean {
    const hash = contentHash(inputs);
    const same = this.made[group] === hash && files.every((f) => existsSync(join(this.out, f)));
    this.made[group] = hash;
    return same;
  }

  relative(path: string): string {
    return relative(this.out, path);
  }

  async save(): Promise<void> {
    const sorted = Object.fromEntries(Object.entries(this.documents).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileAtomic(this.path, JSON.stringify({ key: this.key, documents: sorted, made: this.made } satisfies CacheFile) + '\n');
  }
}
