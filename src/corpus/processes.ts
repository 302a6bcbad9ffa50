import { fork, type ChildProcess, type Serializable } from 'node:child_process';

interface Pending<Task, Output> {
  task: Task;
  resolve: (output: Output) => void;
  reject: (error: Error) => void;
}

/**
 * A fixed number of worker processes, started on the first task: a rebuild with nothing changed
 * starts none. Tasks and outputs travel by structured clone over the IPC channel.
 * Workers are processes rather than threads: each has its own heap and garbage collector, so
 * that memory follows the part each one holds (the 3 MB volume with two jobs peaked at 0.7 GB
 * for the process tree, against 1.0 GB with worker threads, which share one process's heap).
 * V8's flags stay at their defaults: one GC thread per worker and 32 MB semi-spaces cost more
 * CPU time than they saved in the measurements so far (on a shared machine: 40-46 s against
 * 33-37 s for the 3 MB volume).
 */
export class ProcessPool<Task extends Serializable, Output> {
  /** Each worker and the tasks it has been sent, oldest first (it answers them in order). */
  private readonly workers = new Map<ChildProcess, Pending<Task, Output>[]>();
  private readonly ready = new Set<ChildProcess>();
  private readonly queue: Pending<Task, Output>[] = [];
  private closed = false;

  /**
   * `worker`: the compiled module each process runs, which answers tasks with answerTasks (below).
   * `depth`: the tasks a worker is sent at a time; with 2, it has its next task at hand when this
   * process is too busy to send one (see runHere).
   */
  constructor(private readonly size: number, private readonly worker: string, private readonly depth = 1) {}

  run(task: Task): Promise<Output> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.next();
    });
  }

  /** Start every worker now (else each starts with the first task it is needed for), to load while this process has other work. */
  prestart(): void {
    while (!this.closed && this.workers.size < this.size) this.start();
  }

  /**
   * This process takes queued tasks too, one at a time, until none is left; between two, the
   * workers' answers come in and they are sent their next tasks.
   */
  async runHere(handle: (task: Task) => Promise<Output>): Promise<void> {
    for (let pending = this.queue.shift(); pending; pending = this.queue.shift()) {
      await handle(pending.task).then(pending.resolve, pending.reject);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private next(): void {
    if (this.closed) return;
    const sent = [...this.workers.values()].reduce((sum, tasks) => sum + tasks.length, 0);
    while (this.workers.size < Math.min(this.size, this.queue.length + sent)) this.start();
    for (const [worker, tasks] of this.workers) {
      while (this.queue.length && this.ready.has(worker) && tasks.length < this.depth) {
        const pending = this.queue.shift()!;
        tasks.push(pending);
        worker.send(pending.task);
      }
    }
  }

  private start(): void {
    // No flags of this process's (a test runner's loaders, a profiler) are passed on.
    const worker = fork(this.worker, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const tasks: Pending<Task, Output>[] = [];
    this.workers.set(worker, tasks);
    // A worker says it is ready before it is given a task, and then answers each task once, in order.
    worker.on('message', (message: { ready?: true; output?: Output; error?: string }) => {
      if (message.ready) this.ready.add(worker);
      else {
        const pending = tasks.shift();
        if (message.output !== undefined) pending?.resolve(message.output);
        else pending?.reject(new Error(message.error ?? 'the worker gave no result'));
      }
      this.next();
    });
    worker.on('exit', (code, signal) => {
      this.workers.delete(worker);
      const started = this.ready.delete(worker);
      const why = `the worker process stopped (${signal ?? `exit code ${code}`})`;
      // One that dies at work (out of memory, killed) fails its tasks alone, and another takes its
      // place; one that cannot even start would fail every time: the tasks waiting fail instead.
      for (const pending of tasks.splice(0)) pending.reject(new Error(why));
      if (!started) for (const waiting of this.queue.splice(0)) waiting.reject(new Error(why));
      this.next();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers.keys()].map((worker) => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      if (worker.connected) worker.disconnect();
      else worker.kill();
    })));
  }
}

/**
 * The worker's side: say it is ready, then answer each task the pool sends, one at a time and in
 * order; end when the pool closes the channel (there is nothing left to do).
 */
export function answerTasks<Task, Output>(handle: (task: Task) => Promise<Output>): void {
  // The pool may have closed the channel meanwhile (a run that stopped early): then no one is listening.
  const reply = (message: object) => void (process.connected && process.send!(message, undefined, undefined, () => undefined));
  let previous: Promise<unknown> = Promise.resolve();
  process.on('message', (task: Task) => {
    previous = previous.then(() => handle(task)).then(
      (output) => reply({ output }),
      (error: Error) => reply({ error: error.message }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  reply({ ready: true });
}
