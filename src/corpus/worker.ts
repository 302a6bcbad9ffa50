// A worker thread of the build's pool (piscina): stylesheets and citation styles are loaded
// once per worker, then documents stream through it.
import { buildDocument, type DocumentTask } from './document.js';

export default function (task: DocumentTask) {
  return buildDocument(task);
}
