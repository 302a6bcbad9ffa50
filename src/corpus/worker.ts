// A worker process of the build's pool (corpus/pool.ts): stylesheets and citation styles are
// loaded once per worker, then documents stream through it, one task at a time.
import { buildDocument, type DocumentTask } from './document.js';

process.on('message', (task: DocumentTask) => {
  buildDocument(task).then(
    (output) => process.send!({ output }),
    (error: Error) => process.send!({ error: error.message }),
  );
});
// The pool closes the channel when the build ends: then there is nothing left to do.
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
