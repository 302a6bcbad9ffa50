import { relative, resolve, sep } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { inWindows, listInputs, loadListed, WINDOW_CHARACTERS, type Input } from '../load/inputs.js';
import { parseForSaxon, parseProblem } from '../load/parse.js';
import { Locator } from '../load/locator.js';
import type { CompiledSchema } from './schema.js';
import { splitDocument, type OpenPart, type Part } from '../load/volume.js';
import { checkRules } from './rules.js';
import { CheckPlan, withConfig, type CheckOptions } from './plan.js';
import { isExtract, PROFILES } from './profiles.js';
import { RunLinks } from '../load/links.js';
import { BATCH_CHARACTERS } from './relaxng.js';

export { SchemaError, ResourceError } from './errors.js';
export { readSchema } from './plan.js';

/** editio's TEI profile, the default grammar. */
export const DEFAULT_SCHEMA = PROFILES.editio.grammar;

export interface ValidateOptions extends CheckOptions {
  /** Skip the rule checks (grammar only). */
  rules?: boolean;
  /** Called after each stage with the number of documents done, for progress display. */
  onProgress?: (stage: 'load' | 'rng' | 'rules', done: number, total: number) => void;
  /** Documents longer than this many characters are checked in parts (default: PART_CHARACTERS, 2 million). */
  partCharacters?: number;
}

/**
 * Validate TEI documents: safe loading and well-formedness, then RelaxNG, then the rule
 * checks. Resolves to every finding, sorted by file and position; never throws for a bad
 * document (a missing file is an `io` finding). Throws SchemaError when the schema or a rules
 * file cannot be used, and ConfigError when a severity names no rule.
 */
export async function validate(input: Input, options: ValidateOptions = {}): Promise<Diagnostic[]> {
  options = withConfig(options);
  const plan = new CheckPlan(options);
  await plan.prepare(options.rules !== false);
  const listed = await listInputs(input);
  const indexed = await RunLinks.index(listed.items, options.records);
  const diagnostics = [...listed.diagnostics, ...indexed.diagnostics];
  const total = listed.items.length;
  let before = 0;
  // A corpus is read a window at a time, so that memory does not grow with the number of documents.
  for (const window of inWindows(listed.items, WINDOW_CHARACTERS)) {
    const loaded = await loadListed(window);
    diagnostics.push(...loaded.diagnostics);
    options.onProgress?.('load', before + window.length, total);
    const onProgress = options.onProgress && ((stage: 'load' | 'rng' | 'rules', done: number) => options.onProgress!(stage, before + done, total));
    diagnostics.push(...(await checkSources(loaded.sources, { ...options, onProgress }, plan, indexed.links)));
    before += window.length;
  }
  return finish(diagnostics, options.cwd);
}

/**
 * The validate stage over loaded sources. A large document is checked in parts
 * (load/volume.ts), so that memory follows the size of a part: parts go to libxml2 in
 * batches (each call starts a worker), then, one part at a time, the parse and the rule
 * checks; every finding is put back at its place in the document. The derivative engine
 * streams, so it checks each document whole, in one pass, and only the rule checks need parts.
 */
export async function checkSources(sources: readonly Source[], options: ValidateOptions, plan = new CheckPlan(options), links?: RunLinks): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const rules = options.rules !== false;
  let checked = 0;
  let done = 0;
  // Each grammar checks its documents in batches of their own (a corpus may mix profiles).
  for (const [grammar, group] of groupBy([...sources], (s) => plan.grammarOf(s))) {
    const schema = await plan.schema(grammar);
    const whole = schema.engine === 'derivatives' ? await checkWhole(group, schema, plan, diagnostics, () => options.onProgress?.('rng', ++checked, sources.length)) : undefined;
    if (whole && !rules) continue;
    done += group.length - (whole?.readable.length ?? group.length);
    for (const batch of partBatches(whole?.readable ?? group, diagnostics, options.partCharacters, links)) {
      const found = whole ? batch.map((b) => ({ findings: [], locator: new Locator(b.opened.source.text) })) : await checkPartsGrammar(batch.map((b) => b.opened), schema);
      if (!whole) {
        checked += batch.filter((b) => b.part.last).length;
        options.onProgress?.('rng', checked, sources.length);
      }
      for (const [i, { part, opened, extract }] of batch.entries()) {
        const { source } = opened;
        const profile = plan.profileOf(source);
        const findings = [...found[i]!.findings];
        // libxml2 found it not well-formed after all: no engine will read it.
        if (!findings.some((d) => d.rule === 'xml-wellformed') && rules) {
          try {
            const tree = await parseForSaxon(source);
            findings.push(...checkRules(source, tree, found[i]!.locator, { conventions: profile.name, extract, context: part, project: plan.project.map((p) => p.sef) }));
          } catch (error) {
            findings.push({ file: source.file, line: 1, column: 1, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: parseProblem(error) });
          }
        }
        for (const d of plan.severities(source, findings)) {
          const placed = opened.place(d);
          if (placed) diagnostics.push(placed);
        }
        if (part.last) options.onProgress?.('rules', ++done, sources.length);
      }
    }
  }
  return unique(diagnostics);
}

/** The grammar of whole documents, one streaming pass each; what the rule checks can then read (not what the pass found not well-formed). */
async function checkWhole(sources: readonly Source[], schema: CompiledSchema, plan: CheckPlan, diagnostics: Diagnostic[], checked: () => void): Promise<{ readable: Source[] }> {
  const readable: Source[] = [];
  for (const source of sources) {
    const found = await schema.check([source], new Map());
    diagnostics.push(...plan.severities(source, found));
    if (!found.some((d) => d.rule === 'xml-wellformed')) readable.push(source);
    checked();
  }
  return { readable };
}

/**
 * The grammar of several opened parts in one libxml2 call (each call starts a worker). libxml2
 * tells documents apart by name, and the parts of a volume share one: each goes in under its
 * place in the batch, and its findings come back under its own file name, in its own lines.
 */
export async function checkPartsGrammar(parts: readonly OpenPart[], schema: CompiledSchema): Promise<{ findings: Diagnostic[]; locator: Locator }[]> {
  const named = parts.map((p, i) => ({ file: String(i), text: p.source.text }));
  const locators = new Map<Source, Locator>();
  const found = groupBy(await schema.check(named, locators), (d) => d.file);
  return parts.map((p, i) => ({
    findings: (found.get(String(i)) ?? []).map((d) => ({ ...d, file: p.source.file })),
    locator: locators.get(named[i]!) ?? new Locator(p.source.text),
  }));
}

interface BatchedPart {
  part: Part & { last: boolean };
  opened: OpenPart;
  /** Its document is taken out of its volume (profiles.ts). */
  extract: boolean;
}

/**
 * The parts of every source, opened a batch at a time: libxml2 takes a batch in one call (each
 * call starts a worker), and a volume's parts are never all held at once.
 */
function* partBatches(sources: readonly Source[], diagnostics: Diagnostic[], partCharacters?: number, links?: RunLinks): Generator<BatchedPart[]> {
  let batch: BatchedPart[] = [];
  let size = 0;
  for (const source of sources) {
    const split = splitDocument(source, partCharacters, links?.of(source.file));
    const extract = isExtract(source.text);
    diagnostics.push(...split.diagnostics);
    for (const [i, part] of split.parts.entries()) {
      const opened = part.open();
      if (batch.length > 0 && size + opened.source.text.length > BATCH_CHARACTERS) {
        yield batch;
        batch = [];
        size = 0;
      }
      batch.push({ part: { ...part, last: i === split.parts.length - 1 }, opened, extract });
      size += opened.source.text.length;
    }
  }
  if (batch.length) yield batch;
}

/** Each finding once: the header, seen by every part of a volume, is reported by one. */
export function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}\u0000${d.line}:${d.column}\u0000${d.rule}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}


/** Sorted, with file names relative to `cwd` when given. */
export function finish(diagnostics: Diagnostic[], cwd?: string): Diagnostic[] {
  return diagnostics.map((d) => (cwd ? { ...d, file: displayPath(d.file, cwd) } : d)).sort(compareDiagnostics);
}

function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, resolve(file));
  return rel.startsWith('..' + sep) || rel === '..' ? file : rel;
}
