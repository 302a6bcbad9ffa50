import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import { checkText, loadFile, type Source } from '../load/source.js';
import { Locator } from '../load/locator.js';
import { checkRelaxNG, type RelaxNGSchema } from './relaxng.js';
import { checkRules, parseForSaxon } from './rules.js';

export { SchemaError } from './relaxng.js';

/** editio's TEI profile, the default grammar. */
export const DEFAULT_SCHEMA = fileURLToPath(new URL('../../schemas/editio.rng', import.meta.url));

/** What to validate: paths of files or folders (searched for *.xml), or texts held in memory. */
export type ValidateInput = string | InMemoryDocument | ReadonlyArray<string | InMemoryDocument>;

export interface InMemoryDocument {
  /** The name findings are reported under. */
  file: string;
  text: string;
}

export interface ValidateOptions {
  /** A RelaxNG schema (XML syntax) to use instead of editio's profile. */
  schema?: string;
  /** Skip the rule checks (grammar only). */
  rules?: boolean;
  /** Report file names relative to this folder (default: as given). */
  cwd?: string;
  /** Called after each stage with the number of documents done, for progress display. */
  onProgress?: (stage: 'load' | 'rng' | 'rules', done: number, total: number) => void;
}

/**
 * Validate TEI documents: safe loading and well-formedness, then RelaxNG, then the rule
 * checks. Resolves to every finding, sorted by file and position; never throws for a bad
 * document (a missing file is an `io` finding). Throws SchemaError when the schema is broken.
 */
export async function validate(input: ValidateInput, options: ValidateOptions = {}): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const items = (Array.isArray(input) ? input : [input]) as (string | InMemoryDocument)[];

  // load
  const sources: Source[] = [];
  const files = await expand(items.filter((i): i is string => typeof i === 'string'), diagnostics);
  const loaded = await Promise.all([
    ...files.map((f) => loadFile(f)),
    ...items.filter((i): i is InMemoryDocument => typeof i !== 'string').map((d) => checkText({ file: d.file, text: d.text })),
  ]);
  for (const result of loaded) {
    diagnostics.push(...result.diagnostics);
    // A document with a wrong root namespace is loaded but checking it against TEI would only add noise.
    if (result.source && result.diagnostics.length === 0) sources.push(result.source);
  }
  options.onProgress?.('load', loaded.length, loaded.length);

  // validate: grammar
  const locators = new Map<Source, Locator>();
  const schema = await readSchema(options.schema ?? DEFAULT_SCHEMA);
  const grammar = sources.length > 0 ? await checkRelaxNG(sources, schema, locators) : [];
  diagnostics.push(...grammar);
  options.onProgress?.('rng', sources.length, sources.length);

  // validate: rules, on every document libxml2 could parse
  if (options.rules !== false) {
    const broken = new Set(grammar.filter((d) => d.rule === 'xml-wellformed').map((d) => d.file));
    let done = 0;
    for (const source of sources) {
      if (!broken.has(source.file)) {
        let locator = locators.get(source);
        if (!locator) locators.set(source, (locator = new Locator(source.text)));
        try {
          diagnostics.push(...checkRules(source, await parseForSaxon(source), locator));
        } catch (error) {
          diagnostics.push({ file: source.file, line: 1, column: 1, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: `the XSLT engine could not read the document: ${(error as Error).message}` });
        }
      }
      options.onProgress?.('rules', ++done, sources.length);
    }
  }

  const cwd = options.cwd;
  return diagnostics
    .map((d) => (cwd && !d.file.startsWith('<') ? { ...d, file: displayPath(d.file, cwd) } : d))
    .sort(compareDiagnostics);
}

async function readSchema(path: string): Promise<RelaxNGSchema> {
  return { fileName: path === DEFAULT_SCHEMA ? 'schemas/editio.rng' : path, contents: await readFile(path, 'utf8') };
}

/** Files as given, folders searched recursively for *.xml (sorted, for stable output). */
async function expand(paths: string[], diagnostics: Diagnostic[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      diagnostics.push({ file: path, line: 0, column: 0, severity: 'error', rule: 'io-read', source: 'io', message: 'no such file or folder' });
      continue;
    }
    if (info.isDirectory()) files.push(...(await xmlFilesUnder(path)));
    else files.push(path);
  }
  return [...new Set(files)];
}

async function xmlFilesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, resolve(file));
  return rel.startsWith('..' + sep) || rel === '..' ? file : rel;
}
