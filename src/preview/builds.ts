import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { BuildOptions, BuildReport } from '../build.js';
import { SchemaError } from '../validate/relaxng.js';

// The compiled entry, from dist/ or src/ alike (the tests run the TypeScript; a child process runs JavaScript).
const ENTRY = new URL('../../dist/preview/build-process.js', import.meta.url);

/**
 * Lower than the serve process (nice 10 on Linux: about a tenth of a core's share against it),
 * so that a save's page, made in the serve process, is not slowed by the build still running
 * for the save before: the changed page first, then the pages that depend on it.
 */
const BACKGROUND_PRIORITY = 10;

/**
 * The preview's builds, one at a time, in a child process at a lower priority: the same
 * `build()` as `editio build`, with the same options and cache, so the same files.
 */
export class BackgroundBuilds {
  private child?: ChildProcess;
  private pending?: { done: (report: BuildReport) => void; fail: (error: Error) => void };

  constructor(private readonly options: Omit<BuildOptions, 'runner' | 'onProgress'>) {}

  build(): Promise<BuildReport> {
    if (this.pending) throw new Error('one build at a time');
    const child = this.start();
    return new Promise<BuildReport>((done, fail) => {
      this.pending = { done, fail };
      child.send(this.options);
    });
  }

  /** End the build process (a build in progress is let go). */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const ended = new Promise((done) => child.once('exit', done));
    child.disconnect();
    await ended;
  }

  private start(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.connected) return this.child;
    const child = fork(ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    try {
      if (child.pid) setPriority(child.pid, BACKGROUND_PRIORITY);
    } catch {
      // not allowed here: the build runs at the serve process's priority
    }
    child.on('message', (message: { report?: BuildReport; error?: string; schema?: boolean }) => {
      const pending = this.pending;
      this.pending = undefined;
      if (message.report) pending?.done(message.report);
      else pending?.fail(new (message.schema ? SchemaError : Error)(message.error ?? 'the build failed'));
    });
    child.on('exit', (code, signal) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.fail(new Error(`the build process ended (${signal ?? `exit code ${code}`})`));
    });
    this.child = child;
    return child;
  }
}
