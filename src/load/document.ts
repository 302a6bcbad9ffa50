// One document read for a transform (render, cite): loaded safely and parsed once.
import type { Diagnostic } from '../diagnostic.js';
import { loadInputs, type InMemoryDocument } from './inputs.js';
import { parseForSaxon, parseProblem } from './parse.js';
import type { Source } from './source.js';

/** The document could not be read, or the reading asked for is not one of its witnesses (rule `reading-unknown`): nothing was rendered. */
export class RenderError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}`).join('\n'));
  }
}

/** A stylesheet failed on a document that could be read. */
export function transformFailed(source: Source, error: unknown): RenderError {
  return new RenderError([{ file: source.file, line: 0, column: 0, severity: 'error', rule: 'transform-failed', source: 'transform', message: `could not be transformed: ${(error as Error).message}` }]);
}

/** Load and parse one document for a transform, or throw RenderError with the reasons. */
export async function readDocument(input: string | InMemoryDocument, onDiagnostic?: (d: Diagnostic) => void): Promise<{ source: Source; tree: unknown }> {
  const loaded = await loadInputs(input);
  const source = loaded.sources[0];
  if (!source) throw new RenderError(loaded.diagnostics);
  loaded.diagnostics.forEach((d) => onDiagnostic?.(d));
  try {
    return { source, tree: await parseForSaxon(source) };
  } catch (error) {
    throw new RenderError([{ file: source.file, line: 1, column: 1, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: parseProblem(error) }]);
  }
}
