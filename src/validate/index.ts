import { relative, resolve, sep } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { inWindows, listInputs, loadListed, WINDOW_CHARACTERS, type Input } from '../load/inputs.js';
import { Locator } from '../load/locator.js';
import type { CompiledSchema } from './schema.js';
import { splitDocument, type OpenPart, type Part } from '../load/volume.js';
import { BATCH_CHARACTERS } from './relaxng.js';
import { ruleRunner, RULES_HERE, type RuleRunner, type RuleTask } from './rule-runner.js';
import { CheckPlan, withConfig, type CheckOptions } from './plan.js';
import { isExtract, PROFILES } from './profiles.js';
import { RunLinks } from '../load/links.js';

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
  /** Processes that check the rules of a large run: this one and jobs - 1 workers (default: one per core; 1: this one alone). */
  jobs?: number;
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
  const characters = listed.items.reduce((sum, item) => sum + ('text' in item ? item.text.length : item.size), 0);
  const runner = options.rules === false ? RULES_HERE : ruleRunner(characters, options.jobs);
  let before = 0;
  try {
    // A corpus is read a window at a time, so that memory does not grow with the number of documents.
    for (const window of inWindows(listed.items, WINDOW_CHARACTERS)) {
      const loaded = await loadListed(window);
      diagnostics.push(...loaded.diagnostics);
      options.onProgress?.('load', before + window.length, total);
      const onProgress = options.onProgress && ((stage: 'load' | 'rng' | 'rules', done: number) => options.onProgress!(stage, before + done, total));
      diagnostics.push(...(await checkSources(loaded.sources, { ...options, onProgress }, plan, indexed.links, runner)));
      before += window.length;
    }
  } finally {
    await runner.close();
  }
  return finish(diagnostics, options.cwd);
}

/**
 * The validate stage over loaded sources. A large document is checked in parts
 * (load/volume.ts), so that memory follows the size of a part: parts go to libxml2 in
 * batches (each call starts a worker), and each part to the rule checks; every finding is put
 * back at its place in the document. The derivative engine streams, so it checks each document
 * whole, in one pass, and only the rule checks need parts. The rule checks run while libxml2
 * checks the grammar in its thread, and, for a large run, in worker processes beside this one
 * (rule-runner.ts), which start on them before the grammar is checked here.
 */
export async function checkSources(sources: readonly Source[], options: ValidateOptions, plan = new CheckPlan(options), links?: RunLinks, runner: RuleRunner = RULES_HERE): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const rules = options.rules !== false;
  let checked = 0;
  let done = 0;
  const rng = () => options.onProgress?.('rng', ++checked, sources.length);
  // Each grammar checks its documents in batches of their own (a corpus may mix profiles).
  for (const [grammar, group] of groupBy([...sources], (s) => plan.grammarOf(s))) {
    const schema = await plan.schema(grammar);
    /** Documents whose grammar one streaming pass over the whole settled: all of them under a large schema; under libxml2's, those it found valid (libxml2 need not read them). */
    const settled = new Set<Source>();
    /** Documents the grammar check found not well-formed after all: no engine will read them. */
    const unread = new Set<Source>();
    const settle = async (documents: Source[]) => {
      if (schema.engine === 'derivatives') {
        for (const source of await checkWhole(documents, schema, plan, diagnostics, rng)) unread.add(source);
        for (const source of documents) settled.add(source);
      } else {
        for (const source of documents) {
          if (!(await schema.validWhole!(source))) continue;
          settled.add(source);
          rng();
        }
      }
    };
    // Without rules, a large schema's documents need no parts at all.
    if (schema.engine === 'derivatives' && !rules) {
      await settle(group);
      continue;
    }
    for (const batch of partBatches(group, options.partCharacters, links)) {
      const tasks = rules ? batch.map((b) => ruleTask(b, plan)) : [];
      const queued = runner.parallel ? tasks.map((task) => started(runner.check(task))) : undefined;
      await settle(batch.filter((b) => b.split).map((b) => b.document));
      // libxml2 reads the parts of the rest, in its thread, while this one checks the rules.
      const reading = batch.filter((b) => !settled.has(b.document));
      const checking = reading.length ? started(checkPartsGrammar(reading.map((b) => b.opened), schema)) : undefined;
      await runner.help();
      const ruled = queued ?? (await inTurn(tasks, (task, i) => (unread.has(batch[i]!.document) ? Promise.resolve([]) : runner.check(task))));
      const found = new Map<BatchedPart, Diagnostic[]>();
      if (checking) {
        (await checking).forEach((result, i) => found.set(reading[i]!, result.findings));
        checked += reading.filter((b) => b.part.last).length;
        options.onProgress?.('rng', checked, sources.length);
      }
      for (const b of batch) if (b.split && !unread.has(b.document)) diagnostics.push(...b.split);
      for (const [i, b] of batch.entries()) {
        const { source } = b.opened;
        const findings = [...(found.get(b) ?? [])];
        // The grammar check found it not well-formed after all: no engine will read it.
        if (rules && !unread.has(b.document) && !findings.some((d) => d.rule === 'xml-wellformed')) findings.push(...(await ruled[i]!));
        for (const d of plan.severities(source, findings)) {
          const placed = b.opened.place(d);
          if (placed) diagnostics.push(placed);
        }
        if (b.part.last) options.onProgress?.('rules', ++done, sources.length);
      }
    }
  }
  return unique(diagnostics);
}

/** The grammar of whole documents, one streaming pass each (`checked` after each); those the pass found not well-formed. */
async function checkWhole(sources: readonly Source[], schema: CompiledSchema, plan: CheckPlan, diagnostics: Diagnostic[], checked: () => void): Promise<Source[]> {
  const unread: Source[] = [];
  for (const source of sources) {
    const found = await schema.check([source], new Map());
    diagnostics.push(...plan.severities(source, found));
    if (found.some((d) => d.rule === 'xml-wellformed')) unread.push(source);
    checked();
  }
  return unread;
}

/** What a part's rule check needs: its text, its profile's conventions, the project's rules, and what it knows of the other parts and documents (rules.ts). */
function ruleTask({ part, opened, extract }: BatchedPart, plan: CheckPlan): RuleTask {
  const { targets, pointedElsewhere, reached, documents } = part;
  return {
    source: opened.source,
    options: { conventions: plan.profileOf(opened.source).name, extract, context: { targets, pointedElsewhere, reached, documents }, project: plan.project.map((p) => p.sef) },
  };
}

/** Each task in turn (one parsed tree at a time), while what was started before runs in its own thread. */
async function inTurn<T, R>(tasks: readonly T[], check: (task: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const [i, task] of tasks.entries()) results.push(await check(task, i));
  return results;
}

/** A check started ahead of its turn: if the run stops first (a resource error), its failure is no unhandled rejection. */
function started<T>(check: Promise<T>): Promise<T> {
  check.catch(() => undefined);
  return check;
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
  /** The document it is part of. */
  document: Source;
  /** On a document's first part: the findings only the cut shows (an xml:id used in two parts). */
  split?: Diagnostic[];
}

/**
 * The parts of every source, opened a batch at a time: libxml2 takes a batch in one call (each
 * call starts a worker), and a volume's parts are never all held at once.
 */
function* partBatches(sources: readonly Source[], partCharacters?: number, links?: RunLinks): Generator<BatchedPart[]> {
  let batch: BatchedPart[] = [];
  let size = 0;
  for (const document of sources) {
    const split = splitDocument(document, partCharacters, links?.of(document.file));
    const extract = isExtract(document.text);
    for (const [i, part] of split.parts.entries()) {
      const opened = part.open();
      if (batch.length > 0 && size + opened.source.text.length > BATCH_CHARACTERS) {
        yield batch;
        batch = [];
        size = 0;
      }
      batch.push({ part: { ...part, last: i === split.parts.length - 1 }, opened, extract, document, ...(i === 0 ? { split: split.diagnostics } : {}) });
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
