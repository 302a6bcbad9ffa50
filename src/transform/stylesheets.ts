import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { saxon } from '../saxon.js';
import { timed } from '../timing.js';

/** The compiled stylesheets, built by scripts/build-xslt.mjs from xslt/*.xsl. */
export type StylesheetName = 'build' | 'html' | 'text' | 'metadata' | 'citation';

const SEF_DIR = new URL('../../dist/sef/', import.meta.url);
const compiled = new Map<StylesheetName, unknown>();

function stylesheet(name: StylesheetName): unknown {
  let sef = compiled.get(name);
  if (!sef) {
    const path = fileURLToPath(new URL(`${name}.sef.json`, SEF_DIR));
    try {
      sef = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new Error(`editio's compiled stylesheet ${name} is missing (${path}): run \`npm run build\``);
    }
    compiled.set(name, sef);
  }
  return sef;
}

export interface TransformOutput {
  /** The principal result, serialized. */
  result: string;
  /** xsl:result-document outputs by href, in the order the stylesheet wrote them. */
  documents: Map<string, string>;
  /** xsl:message texts. */
  messages: string[];
}

/**
 * Run one of editio's stylesheets on a parsed document, starting at a named template in the
 * editio namespace. Result documents are kept in memory: saxon-js would write them to disk.
 * A string parameter arrives as xs:string, a boolean as xs:boolean.
 */
export function runStylesheet(name: StylesheetName, document: unknown, template: string, params: Record<string, string | boolean> = {}): TransformOutput {
  const messages: string[] = [];
  const stylesheetParams: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(params)) stylesheetParams[`Q{urn:editio}${key}`] = value;
  const output = timed(`xslt ${name}`, () => saxon().transform(
    {
      stylesheetInternal: stylesheet(name),
      sourceNode: document,
      initialTemplate: `Q{urn:editio}${template}`,
      stylesheetParams,
      destination: 'serialized',
      deliverMessage: (message: unknown) => void messages.push(messageText(message)),
      deliverResultDocument: () => ({ destination: 'serialized' }),
    },
    'sync',
  ));
  const documents = new Map<string, string>();
  for (const [uri, text] of Object.entries(output.resultDocuments ?? {})) {
    documents.set(uri.slice(uri.lastIndexOf('/') + 1), String(text));
  }
  return { result: String(output.principalResult ?? ''), documents, messages };
}

function messageText(message: unknown): string {
  const node = message as { textContent?: string } | null;
  return String(node?.textContent ?? message ?? '').trim();
}
