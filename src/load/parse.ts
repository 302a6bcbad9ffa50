import { saxon } from '../saxon.js';
import type { Source } from './source.js';

/** Parse a document into saxon-js's tree: once, then shared by the rule checks and every stylesheet. */
export async function parseForSaxon(source: Source): Promise<unknown> {
  return saxon().getResource({ text: source.text, type: 'xml' });
}

/** What went wrong when the XSLT engine could not read a document, in an editor's words. */
export function parseProblem(error: unknown): string {
  const message = String((error as Error)?.message ?? error);
  if (/Maximum call stack/i.test(message)) return 'the document nests its elements too deeply for the XSLT engine to read';
  return `the XSLT engine could not read the document: ${message.replace(/^Failed parsing XML in undefined:\s*/, '')}`;
}
