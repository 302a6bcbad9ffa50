// A worker process of the build's pool (corpus/pool.ts): stylesheets and citation styles are
// loaded once per worker, then documents stream through it, one task at a time.
import { buildDocument } from './document.js';
import { answerTasks } from './processes.js';

answerTasks(buildDocument);
