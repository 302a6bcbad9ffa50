import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { Locator } from '../load/locator.js';
import { parseForSaxon, parseProblem } from '../load/parse.js';
import { ProcessPool } from '../corpus/processes.js';
import { ResourceError } from './errors.js';
import { checkRules, type RuleOptions } from './rules.js';

/** A document, or a part of a volume, for the rule checks: what a worker process is sent. */
export interface RuleTask {
  source: Source;
  options: RuleOptions;
}

/** Where validate runs the rule checks: in this thread, or in worker processes and this thread. */
export interface RuleRunner {
  /** Checks run beside this thread: start them before the grammar check, which then runs alongside. */
  readonly parallel: boolean;
  /** The findings, in the task's own lines. */
  check(task: RuleTask): Promise<Diagnostic[]>;
  /** This thread's share of the checks started (when they run beside it): it takes them while any is waiting. */
  help(): Promise<void>;
  close(): Promise<void>;
}

/** The rule checks of one text: parsed by saxon-js, checked by the compiled rules, each finding placed. */
export async function checkTask({ source, options }: RuleTask): Promise<Diagnostic[]> {
  try {
    const tree = await parseForSaxon(source);
    return checkRules(source, tree, new Locator(source.text), options);
  } catch (error) {
    return [{ file: source.file, line: 1, column: 1, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: parseProblem(error) }];
  }
}

export const RULES_HERE: RuleRunner = { parallel: false, check: checkTask, help: async () => undefined, close: async () => undefined };

/**
 * A run with at least this many characters of documents checks its rules in worker processes:
 * each costs about half a second of CPU to start (saxon-js, the compiled rules), and the rules
 * about as much per megabyte (measured on the 20 MB volume).
 */
export const PARALLEL_RULES_CHARACTERS = 2_000_000;

// The compiled worker, from dist/ or src/ alike (the tests run the TypeScript; workers load JavaScript).
const WORKER = fileURLToPath(new URL('../../dist/validate/rules-worker.js', import.meta.url));

/**
 * Rule checks for a run of `characters` characters, by `jobs` processes (default: one per core):
 * this one, which also reads the documents and checks their grammar, and jobs - 1 workers. A
 * small run, or one job, checks them all here.
 */
export function ruleRunner(characters: number, jobs = availableParallelism()): RuleRunner {
  if (jobs <= 1 || characters < PARALLEL_RULES_CHARACTERS) return RULES_HERE;
  // Each worker is sent two tasks at a time, so that it has the next at hand while this process is busy with one.
  const pool = new ProcessPool<RuleTask, Diagnostic[]>(jobs - 1, WORKER, 2);
  pool.prestart(); // they load saxon-js and the rules while this process reads and cuts the documents
  return {
    parallel: true,
    // A worker that dies (out of memory, killed) is a resource failure, not a finding about the document.
    check: (task) => pool.run(task).catch((error: Error) => Promise.reject(new ResourceError(`the rule checks of ${task.source.file} failed: ${error.message}`))),
    help: () => pool.runHere((task) => checkTask(task)),
    close: () => pool.close(),
  };
}
