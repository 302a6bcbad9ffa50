import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { buildDocument, type DocumentOutput, type DocumentTask } from './document.js';

/** Where a build's documents are checked and transformed: this thread, or a pool of workers. */
export interface DocumentRunner {
  run(task: DocumentTask): Promise<DocumentOutput>;
  close(): Promise<void>;
}

// The compiled worker, from dist/ or src/ alike (the tests run the TypeScript; workers load JavaScript).
const WORKER = new URL('../../dist/corpus/worker.js', import.meta.url).href;

/**
 * The stylesheets allocate a great deal of short-lived data: a larger young generation lets more
 * of it die there instead of being promoted and marked again and again (measured on the 5 MB
 * volume, two workers: 13 % less CPU time than V8's default; 192 MB gains nothing more).
 */
const YOUNG_GENERATION_MB = 96;

/** The number of workers when none is asked for: one per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * One job runs in this thread (no worker start-up, simplest to debug); more run in a piscina
 * pool of that many worker threads, each loading the stylesheets once.
 */
export function documentRunner(jobs: number): DocumentRunner {
  if (jobs <= 1) return { run: buildDocument, close: async () => undefined };
  // Started on the first task: a rebuild with nothing changed starts no worker at all.
  let pool: Piscina | undefined;
  return {
    run: (task) => {
      pool ??= new Piscina({ filename: WORKER, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      return pool.run(task) as Promise<DocumentOutput>;
    },
    close: async () => {
      await pool?.destroy();
    },
  };
}
