import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildDocument, type DocumentOutput, type DocumentTask } from './document.js';

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
 * that many worker processes, each loading the stylesheets once. Tasks and outputs travel by
 * structured clone over the IPC channel.
 */
export function documentRunner(jobs: number): DocumentRunner {
  if (jobs <= 1) return { run: buildDocument, close: async () => undefined };
  return new ProcessPool(jobs);
}

interface Pending {
  task: DocumentTask;
  resolve: (output: DocumentOutput) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed number of worker processes, started on the first task: a rebuild with nothing changed
 * starts none.
* Workers are processes rather than threads: each has its own heap and garbage collector, so
 * that memory follows the part each one holds (the 3 MB volume with two jobs peaked at 0.7 GB
 * for the process tree, against 1.0 GB with worker threads, which share one process's heap).
 * V8's flags stay at their defaults: one GC thread per worker and 32 MB semi-spaces cost more
 * CPU time than they saved in the measurements so far (on a shared machine: 40-46 s against
 * 33-37 s for the 3 MB volume).
 */
class ProcessPool implements DocumentRunner {
  private readonly workers = new Set<ChildProcess>();
  private readonly idle: ChildProcess[] = [];
  private readonly busy = new Map<ChildProcess, Pending>();
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(private readonly size: number) {}

  run(task: DocumentTask): Promise<DocumentOutput> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.closed) return;
    while (this.workers.size < Math.min(this.size, this.queue.length + this.busy.size)) this.start();
    while (this.queue.length && this.idle.length) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.send(pending.task);
    }
  }

  private start(): void {
    // No flags of this process's (a test runner's loaders, a profiler) are passed on.
    const worker = fork(WORKER, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.workers.add(worker);
    let ready = false;
    // A worker says it is ready before it is given a task, and then answers each task once.
    worker.on('message', (message: { ready?: true; output?: DocumentOutput; error?: string }) => {
      ready = true;
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (message.output) pending?.resolve(message.output);
      else if (!message.ready) pending?.reject(new Error(message.error ?? 'the worker gave no result'));
      this.next();
    });
    worker.on('exit', (code, signal) => {
      this.workers.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      const why = `the worker process stopped (${signal ?? `exit code ${code}`})`;
      // One that dies at work (out of memory, killed) fails its task alone, and another takes its
      // place; one that cannot even start would fail every time: the tasks waiting fail instead.
      pending?.reject(new Error(why));
      if (!ready) for (const waiting of this.queue.splice(0)) waiting.reject(new Error(why));
      this.next();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers].map((worker) => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      if (worker.connected) worker.disconnect();
      else worker.kill();
    })));
  }
}
