import type { Diagnostic } from './diagnostic.js';
import type { InMemoryDocument } from './load/inputs.js';
import { readDocument, RenderError, transformFailed } from './load/document.js';
import { renderWhole, type Target } from './transform/index.js';
import { finishText } from './transform/text.js';
import { unitPage } from './site/page.js';
import type { DocumentMetadata } from './transform/metadata.js';
import type { Citations } from './cite/items.js';
import { citeView } from './site/cite.js';

export { RenderError };

export interface RenderOptions {
  /** Text only: wrap lines at this width (default: no wrapping). */
  width?: number;
  /** Called once per element name the stylesheets did not know (their text is kept). */
  onUnsupported?: (name: string) => void;
  /** Problems that did not stop the rendering (a DOCTYPE that was ignored). */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
}


/**
 * One document as one HTML page or one text. Not validated against the profile: any
 * well-formed TEI renders, so that TEI written elsewhere reads well too. A document that
 * cannot be read safely throws RenderError with the reasons.
 */
export async function render(input: string | InMemoryDocument, target: Target, options: RenderOptions = {}): Promise<string> {
  const { source, tree } = await readDocument(input, options.onDiagnostic);
  let rendered;
  try {
    rendered = renderWhole(source, tree, target);
  } catch (error) {
    throw transformFailed(source, error);
  }
  const { body, metadata, citations, unsupported } = rendered;
  for (const name of [...unsupported].sort()) options.onUnsupported?.(name);
  if (target === 'text') return finishText(body, options.width);
  return wholePage(metadata, body, citations);
}

/** The whole document as one page; it cites as its one unit when it has exactly one, else as its volume. */
function wholePage(metadata: DocumentMetadata, body: string, citations?: Citations): string {
  const single = metadata.units.length === 1;
  const unit = single ? metadata.units[0]! : { id: metadata.id, file: metadata.folder, type: 'text', title: metadata.title };
  const cited = single ? citations?.units[0] : citations?.volume;
  return unitPage(metadata, unit, body, { assets: 'assets', home: 'index.html', cite: cited && citeView(cited) });
}
