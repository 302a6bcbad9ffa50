import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { Locator } from '../load/locator.js';
import { cacheFolder, contentHash } from '../corpus/cache.js';
import { writeFileAtomic } from '../write/atomic.js';
import { ResourceError, SchemaError } from './errors.js';
import { checkRelaxNG } from './relaxng.js';
import { libxml2Accepts } from './libxml2-values.js';
import { convertSchema, loadGrammar, type Grammar, type GrammarForm } from './derivatives/grammar.js';
import { checkDocument } from './derivatives/check.js';
import { PatternLimitError } from './derivatives/patterns.js';

/**
 * A RelaxNG schema, compiled once per process, ready to check any number of documents.
 * Two engines, chosen by the schema's size (README, "Which engine checks the grammar"):
 * - `libxml2` (xmllint-wasm) for compact, self-contained schemas such as editio's profiles:
 *   compiling them costs milliseconds, and its findings are the ones the tests know;
 * - `derivatives` for large schemas (tei_all, ODD-generated ones) and schemas that include
 *   others: salve-annos simplifies the schema once (the result is cached on disk by content),
 *   and editio's derivative engine (src/validate/derivatives/) validates in one streaming pass.
 */
export interface CompiledSchema {
  /** The name shown in messages, e.g. schemas/editio.rng */
  fileName: string;
  engine: 'libxml2' | 'derivatives';
  /** A hash of every file the schema is made of: what a build's cache depends on. */
  signature: string;
  /** Check documents; `locators` receives each document's Locator when one was needed. */
  check(sources: readonly Source[], locators: Map<Source, Locator>): Promise<Diagnostic[]>;
  /**
   * libxml2's schemas only: whether a whole document is valid by the derivative engine, in one
   * streaming pass that stops at the first fault, with nothing in it that only libxml2 judges
   * (its size limits, values its datatypes may refuse: libxml2-values.ts). Then libxml2 need not
   * read it: the two engines agree on what is valid.
   */
  validWhole?(source: Source): Promise<boolean>;
}

export interface SchemaOptions {
  /**
   * The memory the grammar check may use, in bytes: libxml2's heap, or the derivative engine's
   * states. Past it, a ResourceError. Default: the EDITIO_MEMORY_LIMIT environment variable (in
   * MB), else 2 GB.
   */
  memoryLimit?: number;
}

/** Schemas up to this many characters, without includes that libxml2 cannot be given, go to libxml2. */
export const LIBXML2_MAX_CHARACTERS = 128 * 1024;

/** The derivative engine's memory, as measured: about 1 KB per state (a pattern and its memos), and 4 bytes per character of the schema's form. */
const BYTES_PER_STATE = 1024;
const BYTES_PER_FORM_CHARACTER = 4;

const compiled = new Map<string, { signature: string; memoryLimit: number; schema: Promise<CompiledSchema> }>();

/** Load and compile a schema, or take it from this process's memory when its files have not changed. */
export async function loadSchema(path: string, fileName: string, options: SchemaOptions = {}): Promise<CompiledSchema> {
  const files = await schemaFiles(path, fileName);
  const memoryLimit = options.memoryLimit ?? defaultMemoryLimit();
  const signature = contentHash(files.map((f) => `${f.name}\u0000${f.contents}`).join('\u0001'));
  const key = `${resolve(path)}\u0000${fileName}`;
  const known = compiled.get(key);
  if (known?.signature === signature && known.memoryLimit === memoryLimit) return known.schema;
  const schema = compile(path, fileName, files, memoryLimit, signature);
  compiled.set(key, { signature, memoryLimit, schema });
  schema.catch(() => compiled.delete(key));
  return schema;
}

function defaultMemoryLimit(): number {
  const megabytes = Number(process.env.EDITIO_MEMORY_LIMIT);
  return Number.isFinite(megabytes) && megabytes > 0 ? megabytes * 1024 * 1024 : 2 * 1024 * 1024 * 1024;
}

interface SchemaFile {
  path: string;
  /** Relative to the main schema's folder (what libxml2 is given it as). */
  name: string;
  contents: string;
}

/** The schema and every file it includes (`include`, `externalRef`), followed from file to file. */
async function schemaFiles(path: string, fileName: string): Promise<SchemaFile[]> {
  const base = dirname(resolve(path));
  const files: SchemaFile[] = [];
  const seen = new Set<string>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    let contents: string;
    try {
      contents = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new SchemaError(file === resolve(path) ? `${fileName}: cannot read the schema: ${reason}` : `${fileName}: cannot read ${file}, which it includes: ${reason}`);
    }
    files.push({ path: file, name: file.startsWith(base + '/') ? file.slice(base.length + 1) : file, contents });
    for (const href of includedHrefs(contents)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('file:')) continue; // not a local file: the converter says so
      await visit(href.startsWith('file:') ? fileURLToPath(href) : resolve(dirname(file), href));
    }
  };
  await visit(resolve(path));
  return files;
}

function includedHrefs(schema: string): string[] {
  return [...schema.matchAll(/<(?:[\w.-]+:)?(?:include|externalRef)\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1/g)].map((m) => m[2]!);
}

async function compile(path: string, fileName: string, files: SchemaFile[], memoryLimit: number, signature: string): Promise<CompiledSchema> {
  const size = files.reduce((sum, f) => sum + f.contents.length, 0);
  // libxml2 is given included files by name, beside the schema: only names inside its folder work.
  const includesFit = files.every((f) => !isAbsolute(f.name) && !f.name.startsWith('..'));
  if (size <= LIBXML2_MAX_CHARACTERS && includesFit) {
    const [main, ...preload] = files;
    const schema = { fileName, contents: main!.contents, preload: preload.map((f) => ({ fileName: f.name, contents: f.contents })) };
    let derivatives: Promise<Check> | undefined;
    const explainer = () => (derivatives ??= derivativeCheck(path, fileName, files, memoryLimit));
    // The judge of validity holds values to what libxml2 surely accepts; the explainer does not, so its findings stay as they were.
    let judge: Promise<Check> | undefined;
    return {
      fileName,
      engine: 'libxml2',
      signature,
      async check(sources, locators) {
        const found = await checkRelaxNG(sources, schema, locators, memoryLimit);
        return explainFaults(found, sources, locators, explainer);
      },
      async validWhole(source) {
        if (beyondLibxml2Limits(source.text)) return false;
        const check = await (judge ??= derivativeCheck(path, fileName, files, memoryLimit, libxml2Accepts));
        return (await check([source], new Map(), true)).length === 0;
      },
    };
  }
  return { fileName, engine: 'derivatives', signature, check: await derivativeCheck(path, fileName, files, memoryLimit) };
}

/** The derivative engine's check; `firstOnly`: stop at a document's first finding. */
type Check = (sources: readonly Source[], locators: Map<Source, Locator>, firstOnly?: boolean) => Promise<Diagnostic[]>;

/**
 * libxml2's parser refuses names over 50,000 characters, and text, attribute values and comments
 * over 10 million (editio keeps these limits): a stretch that long between two '<' is for it to judge.
 */
function beyondLibxml2Limits(text: string): boolean {
  for (let at = 0, next = text.indexOf('<'); next !== -1; at = next, next = text.indexOf('<', next + 1)) {
    if (next - at > LIBXML2_NAME_LIMIT) return true;
  }
  return text.length - text.lastIndexOf('<') > LIBXML2_NAME_LIMIT;
}

const LIBXML2_NAME_LIMIT = 50_000;

/** The derivative engine over a schema (its simplified form from the disk cache when it is there). */
async function derivativeCheck(path: string, fileName: string, files: SchemaFile[], memoryLimit: number, alsoAccepts?: (type: string, text: string) => boolean): Promise<Check> {
  const form = await grammarForm(path, fileName, files);
  const limit = Math.floor((memoryLimit - JSON.stringify(form).length * BYTES_PER_FORM_CHARACTER) / BYTES_PER_STATE);
  if (limit < 100) throw outOfMemory(fileName, memoryLimit);
  let grammar: Grammar;
  try {
    grammar = loadGrammar(form, limit, alsoAccepts);
  } catch (error) {
    throw error instanceof PatternLimitError ? outOfMemory(fileName, memoryLimit) : error;
  }
  return async (sources, locators, firstOnly = false) => {
    const found: Diagnostic[] = [];
    for (const source of sources) {
      const locator = () => {
        let l = locators.get(source);
        if (!l) locators.set(source, (l = new Locator(source.text)));
        return l;
      };
      try {
        found.push(...checkDocument(source.text, source.file, grammar, fileName, locator, firstOnly));
      } catch (error) {
        if (error instanceof PatternLimitError) throw outOfMemory(fileName, memoryLimit);
        if (error instanceof RangeError && /call stack/i.test(error.message)) throw new ResourceError(`${fileName}: ran out of stack checking ${source.file} (elements nested too deeply for this schema's engine)`);
        throw error;
      }
    }
    return found;
  };
}

/**
 * libxml2 says whether a document is valid, and its parser reports what the first gate lets
 * through; but it stops checking an element's content at the first fault there (one finding for
 * a volume whose every div has an attribute the schema does not allow), and when a choice fails
 * it names what its last branch expected ("Did not expect element head there" for an attribute
 * the div may not have). So the grammar findings of a document libxml2 finds invalid are the
 * derivative engine's, which reports each fault where it is, as jing does: the same findings
 * for the same document and schema, whichever engine the schema's size chose. libxml2's stay
 * when the document is not well-formed, or when the derivative engine finds nothing (libxml2
 * also checks what the derivative engine leaves to the rules: xsd:ID).
 */
async function explainFaults(found: Diagnostic[], sources: readonly Source[], locators: Map<Source, Locator>, derivatives: () => Promise<Check>): Promise<Diagnostic[]> {
  const invalid = sources.filter((s) => found.some((d) => d.file === s.file && d.source === 'rng') && !found.some((d) => d.file === s.file && d.source === 'xml'));
  if (invalid.length === 0) return found;
  const check = await derivatives();
  let result = found;
  for (const source of invalid) {
    const explained = await check([source], locators);
    if (explained.length === 0 || explained.some((d) => d.source !== 'rng')) continue;
    result = [...result.filter((d) => d.file !== source.file), ...explained];
  }
  return result;
}

function outOfMemory(fileName: string, memoryLimit: number): ResourceError {
  return new ResourceError(`${fileName}: ran out of memory checking documents against this schema (memory limit ${Math.round(memoryLimit / 1024 / 1024)} MB; EDITIO_MEMORY_LIMIT sets it in MB)`);
}

/** Bump when the form's layout changes: older cache files are then ignored. */
const FORM_VERSION = 1;

interface CachedForm {
  version: number;
  /** Each file the schema was made of, and the hash of its text. */
  files: [string, string][];
  form: GrammarForm;
}

/**
 * The schema in editio's form: from the cache (node_modules/.cache/editio/schemas/, as the build
 * cache) when every file it was made of is unchanged, else converted and cached for next time.
 */
async function grammarForm(path: string, fileName: string, files: SchemaFile[]): Promise<GrammarForm> {
  const cacheFile = join(cacheFolder(process.cwd()), 'schemas', `${contentHash(resolve(path)).slice(0, 24)}.json`);
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedForm;
    if (cached.version === FORM_VERSION && cached.files.every(([file, hash]) => fileHash(file) === hash)) return cached.form;
  } catch {
    // no cache yet, or an unreadable one: convert afresh
  }
  let converted: Awaited<ReturnType<typeof convertSchema>>;
  try {
    converted = await convertSchema(path);
  } catch (error) {
    throw new SchemaError(`${fileName}: the RelaxNG schema does not compile: ${String((error as Error).message ?? error).replace(/\s+/g, ' ').trim().slice(0, 400)}`);
  }
  const used = converted.files.map((url) => (url.startsWith('file:') ? fileURLToPath(url) : url));
  const known = new Map(files.map((f) => [f.path, f.contents]));
  const entry: CachedForm = { version: FORM_VERSION, files: used.map((f) => [f, known.has(f) ? contentHash(known.get(f)!) : fileHash(f)]), form: converted.form };
  try {
    writeFileAtomic(cacheFile, JSON.stringify(entry));
  } catch {
    // a read-only cache folder: the next run converts again
  }
  return converted.form;
}

function fileHash(file: string): string {
  try {
    return contentHash(readFileSync(file, 'utf8'));
  } catch {
    return '';
  }
}
