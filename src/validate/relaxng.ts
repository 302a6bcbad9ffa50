import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { Locator } from '../load/locator.js';
import type { ElementRecord } from '../load/elements.js';
import { ResourceError, SchemaError } from './errors.js';

export interface RelaxNGSchema {
  /** Name shown in messages, e.g. schemas/editio.rng */
  fileName: string;
  contents: string;
  /** The files it includes, named as it names them. */
  preload?: { fileName: string; contents: string }[];
}

export { SchemaError } from './errors.js';

/** libxml2's heap: a base, and bytes per character of the documents and of the schema (tei_all's 1.1 MB needs ~50 MB to compile). */
const HEAP_BASE = 32 * 1024 * 1024;
const HEAP_PER_DOCUMENT_CHARACTER = 24;
const HEAP_PER_SCHEMA_CHARACTER = 64;

/**
 * Keep each xmllint call's documents under this many characters (memory grows with the batch).
 * Each call costs about 0.4 s of CPU before it reads a document (a worker, libxml2 compiling the schema).
 */
export const BATCH_CHARACTERS = 32 * 1024 * 1024;

/**
 * RelaxNG validation with libxml2 (xmllint-wasm). Each call starts a worker (~170 ms),
 * so documents go in batches. libxml2 reports a line and an element name but no column:
 * the Locator finds the start tag (or attribute) on that line. libxml2 also catches the
 * well-formedness errors fast-xml-parser lets through (undefined entities, extra content).
 */
export async function checkRelaxNG(sources: readonly Source[], schema: RelaxNGSchema, locators: Map<Source, Locator>, memoryLimit = Infinity): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  await holdLibxml2();
  const schemaCharacters = schema.contents.length + (schema.preload ?? []).reduce((sum, f) => sum + f.contents.length, 0);
  for (const batch of batches(sources)) {
    const characters = batch.reduce((sum, s) => sum + s.text.length, 0);
    // libxml2 reports running out of memory only when it knows its limit (--maxmem): without it, a failed
    // allocation while compiling the schema reads as a validity error. The WebAssembly memory leaves room above the heap.
    const heap = Math.floor(Math.min(memoryLimit, HEAP_BASE + characters * HEAP_PER_DOCUMENT_CHARACTER + schemaCharacters * HEAP_PER_SCHEMA_CHARACTER, (memoryPages.max * 65536 * 3) / 4));
    const maxMemoryPages = Math.min(memoryPages.max, Math.max(memoryPages.defaultInitialMemoryPages, Math.ceil((heap * 4) / 3 / 65536) + 64));
    let output: string;
    try {
      const result = await validateXML({
        // As UTF-8 bytes: the worker gets a copy of them, where a string would be cloned, then encoded there in JavaScript.
        xml: batch.map((s, i) => ({ fileName: `doc${i}.xml`, contents: Buffer.from(s.text) })),
        schema: [{ fileName: 'schema.rng', contents: schema.contents }],
        preload: schema.preload,
        extension: 'relaxng',
        maxMemoryPages,
        modifyArguments: (args) => ['--maxmem', String(heap), ...args],
      });
      output = result.rawOutput;
    } catch (error) {
      const text = String((error as Error).message ?? error);
      if (/Ran out of memory|out of memory|OOM/i.test(text)) throw outOfMemory(schema, heap);
      if (/schema\.rng|Relax-NG/.test(text)) throw schemaError(schema, firstLines(text));
      throw error;
    }
    if (/^Ran out of memory/m.test(output)) throw outOfMemory(schema, heap);
    diagnostics.push(...parseOutput(output, batch, schema, locators));
  }
  return diagnostics;
}

declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };
let libxml2: Promise<unknown> | undefined;

/**
 * xmllint-wasm compiles libxml2 again in each call's worker. V8 shares a compiled module, and the
 * code it has optimised since, among the threads of a process while one of them holds it: held
 * here, every call after the first costs about 0.2 s of CPU instead of 0.5 (a build's batches,
 * serve's rebuilds, tag's checks). A module that cannot be held only loses that.
 */
function holdLibxml2(): Promise<unknown> {
  libxml2 ??= readFile(createRequire(import.meta.url).resolve('xmllint-wasm/xmllint.wasm')).then((bytes) => WebAssembly.compile(bytes)).catch(() => undefined);
  return libxml2;
}

function* batches(sources: readonly Source[]): Generator<Source[]> {
  let batch: Source[] = [];
  let size = 0;
  for (const source of sources) {
    if (batch.length > 0 && size + source.text.length > BATCH_CHARACTERS) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(source);
    size += source.text.length;
  }
  if (batch.length > 0) yield batch;
}

const MESSAGE = /^doc(\d+)\.xml:(\d+): (.*)$/;
const VALIDITY = /^element ([^\s:]+): Relax-NG validity error : (.*)$/;
const PARSER = /^(?:namespace |)(?:parser |)error : (.*)$/;

interface Located {
  diagnostic: Diagnostic;
  element?: ElementRecord;
  /** A content-model complaint ("extra content", "did not expect"): it is about the parent's content. */
  content: boolean;
  locator: Locator;
}

function parseOutput(output: string, batch: Source[], schema: RelaxNGSchema, locators: Map<Source, Locator>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const grammar: Located[] = [];
  let previous: { index: number; line: number } | undefined;
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let m = MESSAGE.exec(lines[i]!);
    // libxml2 sometimes prints a validity error without a place: it belongs to the message before.
    if (!m && previous && /^Relax-NG validity error : /.test(lines[i]!)) {
      m = MESSAGE.exec(`doc${previous.index}.xml:${previous.line}: element ?: ${lines[i]}`);
    }
    if (!m) {
      if (/Relax-NG (parser|schema)|failed to compile|schemas? (parser|error)/i.test(lines[i]!)) {
        throw schemaError(schema, lines[i]!);
      }
      continue;
    }
    previous = { index: Number(m[1]), line: Number(m[2]) };
    const source = batch[Number(m[1])]!;
    const line = Number(m[2]);
    const text = m[3]!;
    let locator = locators.get(source);
    if (!locator) locators.set(source, (locator = new Locator(source.text)));
    const validity = VALIDITY.exec(text);
    if (validity) {
      const [, reported, message] = validity as unknown as [string, string, string];
      const unexpected = /^Did not expect element (\S+) there/.exec(message)?.[1];
      // The element before the colon is not always the one at fault: the message names it better.
      const element =
        /has extra content: (\S+)/.exec(message)?.[1] ??
        /^Invalid attribute \S+ for element (\S+)/.exec(message)?.[1] ??
        /^Element (\S+) failed to validate attributes/.exec(message)?.[1] ??
        reported;
      const attribute = /^Invalid attribute (\S+) for element/.exec(message)?.[1];
      let found = locator.locateOnLine(line, element, attribute);
      // "element P: Did not expect element C there" is reported at P's line: point at P's child C.
      if (unexpected && unexpected !== element && found.element) found = locator.locateChild(found.element, unexpected) ?? found;
      const { position, path, element: record } = found;
      grammar.push({
        diagnostic: {
          file: source.file, ...position, severity: 'error', rule: rngRule(message), source: 'rng',
          message: describe(message, schema), ...(path ? { xpath: path } : {}),
        },
        element: record,
        content: /has extra content|Did not expect|Expecting element|Invalid sequence|Expecting an element/i.test(message),
        locator,
      });
      continue;
    }
    const parser = PARSER.exec(text);
    if (parser) {
      // libxml2 prints the offending line's context and a caret under the error.
      const context = lines[i + 1] ?? '';
      const caret = (lines[i + 2] ?? '').indexOf('^');
      const sourceLine = source.text.split('\n', line)[line - 1] ?? '';
      const shift = sourceLine.indexOf(context);
      let column = caret === -1 ? 1 : (shift === -1 ? 0 : shift) + caret + 1;
      // libxml2's caret stands after an undefined entity reference; point at its '&'.
      const entity = /^Entity '([^']+)' not defined/.exec(parser[1]!)?.[1];
      const reference = entity ? sourceLine.lastIndexOf(`&${entity};`, column - 1) : -1;
      if (reference !== -1) column = reference + 1;
      // Over a size limit, libxml2's context is a cut of the huge text or value, found in the wrong place
      // or nowhere: the longest run of text on the line is the one.
      if (/^Resource limit exceeded/.test(parser[1]!)) column = longestRun(sourceLine) + 1;
      // libxml2's advice names a parser option: editio keeps its size and depth limits on purpose.
      const reason = parser[1]!.replace(/,? *(try|use) XML_PARSE_HUGE( option)?/, ' (editio keeps these limits on purpose)');
      diagnostics.push({ file: source.file, line, column, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: `not well-formed: ${reason}` });
      i += 2;
    }
  }
  return [...diagnostics, ...withoutCascades(grammar)];
}

/**
 * libxml2 reports a content error again on every ancestor whose content model then fails
 * ("Element body has extra content: pb" after an error deep inside a div), and on the
 * children of an element whose attributes failed. Keep the innermost: a content complaint is
 * dropped when its element, or the parent it is about, contains a finding kept already, or has
 * an attribute error itself. Complaints are weighed innermost first, so that of two that point
 * at each other (siblings both named under their failed parent) one stays: a document libxml2
 * finds invalid always has a finding.
 */
function withoutCascades(found: Located[]): Diagnostic[] {
  const contains = (outer: ElementRecord, inner: ElementRecord) => outer !== inner && outer.offset <= inner.offset && inner.end <= outer.end;
  const kept = found.filter((f) => !f.content || !f.element);
  // An element not closed where the index stopped is wider than anything closed there: contains() holds with its end at Infinity, the sort needs the real one.
  const size = (f: Located) => f.locator.endOf(f.element!) - f.element!.offset;
  const complaints = found.filter((f) => f.content && f.element).sort((a, b) => size(a) - size(b));
  const seen = new Set<string>();
  for (const f of complaints) {
    const key = `${f.diagnostic.file}\u0000${f.element!.offset}`;
    if (seen.has(key)) continue; // one content complaint per element is enough
    seen.add(key);
    const subjects = [f.element!, f.locator.parentOf(f.element!)].filter((e): e is ElementRecord => !!e);
    const cascade = kept.some(
      (g) =>
        g.element &&
        g.diagnostic.file === f.diagnostic.file &&
        // An attribute error on the element itself is the cause ("Invalid attribute id for element p").
        (g.element === f.element ? !g.content : subjects.some((s) => contains(s, g.element!)) || (!g.content && subjects.includes(g.element))),
    );
    if (!cascade) kept.push(f);
  }
  const keep = new Set(kept);
  return found.filter((f) => keep.has(f)).map((f) => f.diagnostic);
}

/** Where the longest stretch of text or attribute value on a line starts. */
function longestRun(line: string): number {
  let best = { at: 0, length: 0 };
  for (const m of line.matchAll(/[^<>"']+/g)) if (m[0].length > best.length) best = { at: m.index, length: m[0].length };
  return best.at;
}

function rngRule(message: string): string {
  if (/attribute/i.test(message)) return 'rng-attribute';
  if (/^Did not expect element|has extra content|Expecting (an )?element|failed to validate content|Invalid sequence/.test(message)) return 'rng-element';
  return 'rng-value';
}

function describe(message: string, schema: RelaxNGSchema): string {
  const hint = /failed to validate attributes/.test(message) ? ': an attribute is missing, not allowed here, or has a value outside the schema\'s list' : '';
  return `${message.replace(/\s+/g, ' ').trim()}${hint} (${schema.fileName})`;
}

function schemaError(schema: RelaxNGSchema, detail: string): SchemaError {
  return new SchemaError(`${schema.fileName}: the RelaxNG schema does not compile: ${detail.replaceAll('schema.rng', schema.fileName)}`);
}

function outOfMemory(schema: RelaxNGSchema, heap: number): ResourceError {
  return new ResourceError(`${schema.fileName}: libxml2 ran out of memory compiling the schema or checking the documents against it (${Math.round(heap / 1024 / 1024)} MB allowed)`);
}

function firstLines(text: string): string {
  return text.split('\n').filter(Boolean).slice(0, 3).join(' ');
}
