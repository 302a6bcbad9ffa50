import type { Diagnostic } from './diagnostic.js';
import type { InMemoryDocument } from './load/inputs.js';
import { readDocument, RenderError, transformFailed } from './load/document.js';
import { fileStem, renderWhole, type Target } from './transform/index.js';
import { finishText } from './transform/text.js';
import { READING_SWITCH, unitPage, witnessTitle } from './site/page.js';
import { readMetadata, type DocumentMetadata, type WitnessMetadata } from './transform/metadata.js';
import type { Citations } from './cite/items.js';
import { citeView } from './site/cite.js';

export { RenderError };

export interface RenderOptions {
  /** Text only: wrap lines at this width (default: no wrapping). */
  width?: number;
  /**
   * A critical edition's text to render: 'lem' (the default), the reading text with the
   * lemmata (and, in HTML, the apparatus); or a witness, by its xml:id (or by its siglum when
   * no witness has that id): that witness's readings, without apparatus.
   */
  reading?: string;
  /** Text only: mark the apparatus entries in the reading text ("⁽³⁾") and give the apparatus after the text. */
  apparatus?: boolean;
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
  const reading = resolveReading(source.file, tree, options.reading ?? 'lem');
  if (options.apparatus && reading) throw new RangeError('the apparatus goes with the reading text (reading "lem"), not with a witness\'s text');
  let rendered;
  try {
    rendered = renderWhole(source, tree, target, { reading: reading?.id ?? 'lem', apparatus: options.apparatus });
  } catch (error) {
    throw transformFailed(source, error);
  }
  const { body, metadata, citations, unsupported } = rendered;
  for (const name of [...unsupported].sort()) options.onUnsupported?.(name);
  if (target === 'text') return finishText(body, options.width);
  return wholePage(metadata, body, reading, citations);
}

/** The witness a reading names (undefined for the reading text); a name that is no witness is a RenderError. */
function resolveReading(file: string, tree: unknown, reading: string): WitnessMetadata | undefined {
  if (reading === 'lem') return undefined;
  const { witnesses } = readMetadata(tree, fileStem({ file, text: '' }));
  const witness = witnesses.find((w) => w.id === reading) ?? witnesses.find((w) => w.siglum === reading);
  if (witness) return witness;
  const known = witnesses.map((w) => (w.siglum === w.id ? w.id : `${w.id} (${w.siglum})`)).join(', ');
  const message = `no witness "${reading}": ${known ? `the witnesses are ${known}, or use "lem" for the reading text` : 'the document declares no witnesses (sourceDesc/listWit)'}`;
  throw new RenderError([{ file, line: 0, column: 0, severity: 'error', rule: 'reading-unknown', source: 'transform', message }]);
}

/**
 * The whole document as one page; it cites as its one unit when it has exactly one, else as
 * its volume. A witness's text is titled as such and is no citable unit (no canonical address).
 */
function wholePage(metadata: DocumentMetadata, body: string, witness?: WitnessMetadata, citations?: Citations): string {
  const single = metadata.units.length === 1;
  const whole = single ? metadata.units[0]! : { id: metadata.id, file: metadata.folder, type: 'text', title: metadata.title };
  const unit = witness ? { ...whole, title: witnessTitle(whole.title, witness), url: undefined } : whole;
  const scripts = !witness && metadata.witnesses.length > 0 ? [READING_SWITCH] : undefined;
  const cited = witness ? undefined : single ? citations?.units[0] : citations?.volume;
  return unitPage(metadata, unit, body, { assets: 'assets', home: 'index.html', scripts, cite: cited && citeView(cited) });
}
