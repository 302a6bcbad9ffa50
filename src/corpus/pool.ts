import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildDocument, type DocumentOutput, type DocumentTask } from './document.js';
import { ProcessPool } from './processes.js';

/** Where a build's documents are checked and transformed: this thread, or a pool of worker processes. */
export interface DocumentRunner {
  run(task: DocumentTask): Promise<DocumentOutput>;
  close(): Promise<void>;
}

// The compiled worker, from dist/ or src/ alike (the tests run the TypeScript; workers load JavaScript).
const WORKER = fileURLToPath(new URL('../../dist/corpus/worker.js', import.meta.url));

/** The number of workers when none is asked for: one per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * One job runs in this thread (no worker start-up, simplest to debug); more run in a pool of
 * that many worker processes (corpus/processes.ts), each loading the stylesheets once.
 */
export function documentRunner(jobs: number): DocumentRunner {
  if (jobs <= 1) return { run: buildDocument, close: async () => undefined };
  return new ProcessPool<DocumentTask, DocumentOutput>(jobs, WORKER);
}
