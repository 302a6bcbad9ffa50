import { Piscina } from 'piscina';
import { defaultJobs } from '../corpus/pool.js';
import type { Diagnostic } from '../diagnostic.js';
import { PART_CHARACTERS, splitDocument } from '../load/volume.js';
import type { Source } from '../load/source.js';
import { checkPartsGrammar, DEFAULT_SCHEMA, finish, readSchema, unique, validate } from '../validate/index.js';

// The compiled worker, from dist/ or src/ alike (the tests run the TypeScript; workers load JavaScript).
const WORKER = new URL('../../dist/enrich/rules-worker.js', import.meta.url).href;

/**
 * The validate stage's findings for tagged texts. A volume large enough to be checked in parts
 * (load/volume.ts) has its parts' rule checks run on every core while libxml2 checks their
 * grammar in its own thread; the workers start (and load saxon-js) as soon as such a volume is
 * read, while its proposals are made. A smaller document is validated as validate does.
 */
export class Validity {
  private pool?: Piscina;

  /** `partCharacters`: a text over this many characters is checked in parts (as validate's option). */
  constructor(private readonly schema?: string, private readonly partCharacters = PART_CHARACTERS) {}

  /** Start the workers if a text is large enough to need them. */
  prepare(texts: readonly string[], jobs = defaultJobs()): void {
    if (this.pool || jobs < 2 || !texts.some((t) => t.length > this.partCharacters)) return;
    // A larger young generation, as the build's workers have: saxon-js allocates much short-lived data.
    this.pool = new Piscina({ filename: WORKER, minThreads: jobs, maxThreads: jobs, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
    for (let i = 0; i < jobs; i++) void this.pool.run({}).catch(() => undefined);
  }

  async check(source: Source): Promise<Diagnostic[]> {
    const split = splitDocument(source, this.partCharacters);
    if (!this.pool || split.parts.length < 2) return validate(source, { schema: this.schema, partCharacters: this.partCharacters });
    const opened = split.parts.map((p) => p.open());
    const rules = Promise.all(split.parts.map((part, i) => this.pool!.run({ source: opened[i]!.source, context: { targets: part.targets, pointedElsewhere: part.pointedElsewhere } }) as Promise<Diagnostic[]>));
    const grammar = await checkPartsGrammar(opened, await readSchema(this.schema ?? DEFAULT_SCHEMA));
    const found = await rules;
    const placed = opened.flatMap((part, i) => [...grammar[i]!.findings, ...found[i]!].map((d) => part.place(d)).filter((d): d is Diagnostic => d !== undefined));
    return finish(unique([...split.diagnostics, ...placed]));
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = undefined;
  }
}
