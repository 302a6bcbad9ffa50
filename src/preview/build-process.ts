// The preview's builds, in a process of their own (src/preview/builds.ts starts it): the serve
// process stays free for the changed page and the open pages, and this one keeps its workers,
// their stylesheets and citation engines warm from one build to the next.
import { build, type BuildOptions } from '../build.js';
import { defaultJobs, documentRunner, type DocumentRunner } from '../corpus/pool.js';
import { SchemaError } from '../validate/relaxng.js';

let runner: DocumentRunner | undefined;

process.on('message', (options: BuildOptions) => {
  runner ??= documentRunner(options.jobs ?? defaultJobs());
  build({ ...options, runner }).then(
    (report) => process.send!({ report }),
    (error: Error) => process.send!({ error: error.message, schema: error instanceof SchemaError }),
  );
});

// The serve process has gone: let the workers go, and end.
process.on('disconnect', () => void (runner?.close() ?? Promise.resolve()).then(() => process.exit(0)));
