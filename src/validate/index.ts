import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { loadInputs, type Input } from '../load/inputs.js';
import { parseForSaxon, parseProblem } from '../load/parse.js';
import { Locator } from '../load/locator.js';
import { checkRelaxNG, type RelaxNGSchema } from './relaxng.js';
import { checkRules } from './rules.js';

export { SchemaError } from './relaxng.js';

/** editio's TEI profile, the default grammar. */
export const DEFAULT_SCHEMA = fileURLToPath(new URL('../../schemas/editio.rng', import.meta.url));

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
export async function validate(input: Input, options: ValidateOptions = {}): Promise<Diagnostic[]> {
  const loaded = await loadInputs(input);
  options.onProgress?.('load', loaded.count, loaded.count);
  const checked = await checkSources(loaded.sources, options);
  return finish([...loaded.diagnostics, ...checked], options.cwd);
}

/**
 * The validate stage over loaded sources: RelaxNG for all of them in batches, then, one
 * document at a time, the parse and the rule checks. Each parsed tree is handed to
 * `eachDocument` (the build renders from it), so a document is parsed once and then let go.
 */
export async function checkSources(
  sources: readonly Source[],
  options: ValidateOptions,
  eachDocument?: (source: Source, tree: unknown) => void | Promise<void>,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const locators = new Map<Source, Locator>();
  const grammar = await checkGrammar(sources, options.schema, locators);
  diagnostics.push(...grammar);
  options.onProgress?.('rng', sources.length, sources.length);

  // libxml2 found these not well-formed after all: no engine will read them.
  const broken = new Set(grammar.filter((d) => d.rule === 'xml-wellformed').map((d) => d.file));
  let done = 0;
  for (const source of sources) {
    if (!broken.has(source.file) && (options.rules !== false || eachDocument)) {
      let tree: unknown;
      try {
        tree = await parseForSaxon(source);
      } catch (error) {
        diagnostics.push({ file: source.file, line: 1, column: 1, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: parseProblem(error) });
      }
      if (tree) {
        if (options.rules !== false) {
          let locator = locators.get(source);
          if (!locator) locators.set(source, (locator = new Locator(source.text)));
          diagnostics.push(...checkRules(source, tree, locator));
        }
        await eachDocument?.(source, tree);
      }
    }
    locators.delete(source);
    options.onProgress?.('rules', ++done, sources.length);
  }
  return diagnostics;
}

/** The grammar stage alone: RelaxNG for all the sources, in batches (libxml2 runs in its own worker). */
export async function checkGrammar(sources: readonly Source[], schemaPath?: string, locators = new Map<Source, Locator>()): Promise<Diagnostic[]> {
  const schema = await readSchema(schemaPath ?? DEFAULT_SCHEMA);
  return sources.length > 0 ? checkRelaxNG(sources, schema, locators) : [];
}

/** Sorted, with file names relative to `cwd` when given. */
export function finish(diagnostics: Diagnostic[], cwd?: string): Diagnostic[] {
  return diagnostics.map((d) => (cwd ? { ...d, file: displayPath(d.file, cwd) } : d)).sort(compareDiagnostics);
}

async function readSchema(path: string): Promise<RelaxNGSchema> {
  return { fileName: path === DEFAULT_SCHEMA ? 'schemas/editio.rng' : path, contents: await readFile(path, 'utf8') };
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, resolve(file));
  return rel.startsWith('..' + sep) || rel === '..' ? file : rel;
}
