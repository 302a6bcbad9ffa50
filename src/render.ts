import type { Diagnostic } from './diagnostic.js';
import { loadInputs, type InMemoryDocument } from './load/inputs.js';
import { parseForSaxon, parseProblem } from './load/parse.js';
import { renderWhole, type Target } from './transform/index.js';
import { finishText } from './transform/text.js';
import { unitPage } from './site/page.js';
import type { DocumentMetadata } from './transform/metadata.js';

export interface RenderOptions {
  /** Text only: wrap lines at this width (default: no wrapping). */
  width?: number;
  /** Called once per element name the stylesheets did not know (their text is kept). */
  onUnsupported?: (name: string) => void;
  /** Problems that did not stop the rendering (a DOCTYPE that was ignored). */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
}

/** The document could not be read: nothing was rendered. */
export class RenderError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}`).join('\n'));
  }
}

/**
 * One document as one HTML page or one text. Not validated against the profile: any
 * well-formed TEI renders, so that TEI written elsewhere reads well too. A document that
 * cannot be read safely throws RenderError with the reasons.
 */
export async function render(input: string | InMemoryDocument, target: Target, options: RenderOptions = {}): Promise<string> {
  const loaded = await loadInputs(input);
  const source = loaded.sources[0];
  if (!source) throw new RenderError(loaded.diagnostics);
  loaded.diagnostics.forEach((d) => options.onDiagnostic?.(d));
  let tree: unknown;
  try {
    tree = await parseForSaxon(source);
  } catch (error) {
    throw new RenderError([{ file: source.file, line: 1, column: 1, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: parseProblem(error) }]);
  }
  let rendered;
  try {
    rendered = renderWhole(source, tree, target);
  } catch (error) {
    throw new RenderError([{ file: source.file, line: 0, column: 0, severity: 'error', rule: 'transform-failed', source: 'transform', message: `could not be transformed: ${(error as Error).message}` }]);
  }
  const { body, metadata, unsupported } = rendered;
  for (const name of [...unsupported].sort()) options.onUnsupported?.(name);
  if (target === 'text') return finishText(body, options.width);
  return wholePage(metadata, body);
}

/** The whole document as one page; it cites as its one unit when it has exactly one. */
function wholePage(metadata: DocumentMetadata, body: string): string {
  const unit = metadata.units.length === 1 ? metadata.units[0]! : { id: metadata.id, file: metadata.folder, type: 'text', title: metadata.title };
  return unitPage(metadata, unit, body, { assets: 'assets', home: 'index.html' });
}
