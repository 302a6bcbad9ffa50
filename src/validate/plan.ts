import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { fileURLToPath } from 'node:url';
import { profileOf, withSeverities, type Profile, type ProfileName, type RuleSeverity } from './profiles.js';
import { loadSchema, type CompiledSchema, type SchemaOptions } from './schema.js';
import { compileRules, type CompiledRules } from './schematron.js';
import { ConfigError, type ProjectConfig } from '../config.js';

/** What a run holds its documents to: the options validate and build share. */
export interface CheckOptions {
  /** A RelaxNG schema (XML syntax) to use instead of the profile's grammar; the Schematron it embeds runs with the rule checks. */
  schema?: string;
  /** The profile every document is held to (default: FRUS's for a document that declares the FRUS namespace, else editio's). */
  profile?: ProfileName;
  /** Schematron files of the project's own rules, run after editio's. */
  ruleFiles?: string[];
  /** Severities by rule name, over the profile's: `off` drops a rule's findings. */
  severities?: Record<string, RuleSeverity>;
  /** Documents of authority records that every document's `#id`s may reach, beside the documents of its volume given with it. */
  records?: string[];
  /** The memory the grammar check may use, in bytes (past it, a ResourceError; see validate/schema.ts). */
  memoryLimit?: number;
  /** The project file (loadConfig): its settings apply where these options say nothing. */
  config?: ProjectConfig;
  /** The folder editio runs in: file names are reported relative to it, and the compiled rules are kept in its node_modules/.cache/editio/. */
  cwd?: string;
}

/** The rules editio itself reports, whose severities a project may set. */
export const EDITIO_RULES = [
  'xml-doctype', 'xml-encoding', 'xml-wellformed', 'tei-namespace', 'rng-element', 'rng-attribute', 'rng-value',
  'ref-resolves', 'ref-unchecked', 'wit-declared', 'app-lemma', 'app-witnesses', 'app-witness-repeated', 'id-unique', 'date-valid', 'date-order',
  'page-order', 'footnote-sequence', 'file-number', 'authority-used', 'file-number-date',
];

/** The options with the project file's settings where they say nothing: the options win, severities rule by rule. */
export function withConfig<T extends CheckOptions & { out?: string }>(options: T): T {
  const config = options.config;
  if (!config) return options;
  return {
    ...options,
    profile: options.profile ?? config.profile,
    schema: options.schema ?? config.schema,
    ruleFiles: options.ruleFiles ?? config.rules,
    severities: config.severities || options.severities ? { ...config.severities, ...options.severities } : undefined,
    out: options.out ?? config.out,
    records: options.records ?? config.records,
  };
}

/**
 * A run's plan, made once: each document's profile and grammar, the grammars read once each,
 * and the severities its findings take. validate and build both check through it, so that they
 * report the same findings.
 */
export class CheckPlan {
  private readonly grammars = new Map<string, Promise<CompiledSchema>>();
  /** The project's rules, compiled (see prepare). */
  project: CompiledRules[] = [];

  constructor(readonly options: CheckOptions = {}) {}

  /**
   * Compile the project's rules (its rules files and the Schematron its schema embeds), once per
   * run, and check that every rule given a severity exists. Throws SchemaError or ConfigError.
   */
  async prepare(rules = true): Promise<void> {
    const { options } = this;
    if (rules) {
      const sources = [...(options.ruleFiles ?? []), ...(options.schema ? [options.schema] : [])];
      const compiled = await Promise.all(sources.map((file) => compileRules(file, options.cwd)));
      this.project = compiled.filter((c): c is CompiledRules => c !== undefined);
    }
    if (!rules) return; // the project's rule names are not known without them
    const known = new Set([...EDITIO_RULES, ...this.project.flatMap((p) => p.rules)]);
    for (const rule of Object.keys(options.severities ?? {})) {
      if (known.has(rule)) continue;
      const where = options.config?.severities?.[rule] !== undefined ? options.config.where('severities', rule) : 'severities';
      throw new ConfigError(`${where}: severities.${rule}: no rule of that name (editio's rules are in the README's rules table${this.project.length ? '; the project\'s are the ids of its asserts and reports' : ''})`);
    }
  }

  profileOf(source: Source): Profile {
    return profileOf(source.text, this.options.profile);
  }

  /** The grammar a document is checked against: the schema given, else its profile's. */
  grammarOf(source: Source): string {
    return this.options.schema ?? this.profileOf(source).grammar;
  }

  /** A grammar, read once per run. */
  schema(path: string): Promise<CompiledSchema> {
    let schema = this.grammars.get(path);
    if (!schema) this.grammars.set(path, (schema = readSchema(path, { memoryLimit: this.options.memoryLimit })));
    return schema;
  }

  /** A document's findings at the severities of its profile and of the project. */
  severities(source: Source, diagnostics: Diagnostic[]): Diagnostic[] {
    return withSeverities(diagnostics, this.profileOf(source), this.options.severities);
  }
}

/** editio's own schemas are named as in the project: schemas/editio.rng. */
const SCHEMAS = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** A schema compiled for the run (once per process while its files are unchanged; see validate/schema.ts). */
export function readSchema(path: string, options: SchemaOptions = {}): Promise<CompiledSchema> {
  return loadSchema(path, path.startsWith(SCHEMAS) ? `schemas/${path.slice(SCHEMAS.length)}` : path, options);
}
