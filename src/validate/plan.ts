import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { fileURLToPath } from 'node:url';
import { profileOf, withSeverities, type Profile, type ProfileName, type RuleSeverity } from './profiles.js';
import { loadSchema, type CompiledSchema, type SchemaOptions } from './schema.js';

/** What a run holds its documents to: the options validate and build share. */
export interface CheckOptions {
  /** A RelaxNG schema (XML syntax) to use instead of the profile's grammar. */
  schema?: string;
  /** The profile every document is held to (default: FRUS's for a document that declares the FRUS namespace, else editio's). */
  profile?: ProfileName;
  /** Severities by rule name, over the profile's: `off` drops a rule's findings. */
  severities?: Record<string, RuleSeverity>;
  /** The memory the grammar check may use, in bytes (past it, a ResourceError; see validate/schema.ts). */
  memoryLimit?: number;
}

/**
 * A run's plan, made once: each document's profile and grammar, the grammars read once each,
 * and the severities its findings take. validate and build both check through it, so that they
 * report the same findings.
 */
export class CheckPlan {
  private readonly grammars = new Map<string, Promise<CompiledSchema>>();

  constructor(readonly options: CheckOptions = {}) {}

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
