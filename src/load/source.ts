import { readFile } from 'node:fs/promises';
import { XMLValidator } from 'fast-xml-parser';
import type { Diagnostic } from '../diagnostic.js';
import { LineIndex } from './position.js';

/** A document's text, decoded, with the name it is reported under. */
export interface Source {
  file: string;
  text: string;
}

export interface Loaded {
  /** The text the engines may read (a refused external DTD reference blanked out), if any. */
  source?: Source;
  diagnostics: Diagnostic[];
}

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** Read a file from disk and check that it is safe, well-formed TEI XML. */
export async function loadFile(file: string): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((error as Error).message);
    return { diagnostics: [fileProblem(file, 'io-read', `cannot read file: ${reason}`)] };
  }
  return loadBytes(file, bytes);
}

/** Decode bytes (UTF-8 or UTF-16 with a byte-order mark) and check them. */
export function loadBytes(file: string, bytes: Uint8Array): Loaded {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a UTF-8 BOM
    } catch {
      const lossy = new TextDecoder('utf-8').decode(bytes);
      return { diagnostics: [at(file, lossy, lossy.indexOf('\uFFFD'), 'xml-encoding', 'the file is not valid UTF-8 (convert it to UTF-8)')] };
    }
  }
  return checkText({ file, text });
}

/**
 * The first gate: refuse DTDs (and with them external entities and entity bombs)
 * before any XML engine sees the text, then check well-formedness with exact positions.
 */
export function checkText(given: Source): Loaded {
  const { file } = given;
  let { text } = given;
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(text);
  if (declared && !/^(utf-?8|utf-?16|us-ascii|ascii)$/i.test(declared[1]!)) {
    return { diagnostics: [at(file, text, declared.index, 'xml-encoding', `unsupported encoding "${declared[1]}": editio reads UTF-8 and UTF-16; convert the file to UTF-8`)] };
  }
  const diagnostics: Diagnostic[] = [];
  const doctype = findDoctype(text);
  if (doctype) {
    if (doctype.internalSubset) {
      return { diagnostics: [at(file, text, doctype.start, 'xml-doctype', 'DOCTYPE declarations are refused: editio never loads DTDs, external entities or entity definitions; remove the DOCTYPE and use characters or numeric references instead')] };
    }
    // Only a name for an external DTD: refused all the same, but harmless once blanked out
    // (positions kept), so the rest of the document can still be checked and read.
    diagnostics.push(at(file, text, doctype.start, 'xml-doctype', 'DOCTYPE declarations are refused: editio never loads the external DTD it names (nor any entity it would define); remove the DOCTYPE'));
    text = text.slice(0, doctype.start) + text.slice(doctype.start, doctype.end).replace(/[^\n]/g, ' ') + text.slice(doctype.end);
  }
  // Characters XML 1.0 forbids anywhere (NUL and most controls): fast-xml-parser lets them through.
  const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(text);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { diagnostics: [...diagnostics, at(file, text, forbidden.index, 'xml-wellformed', `not well-formed: the character U+${code} is not allowed in XML`)] };
  }
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result !== true) {
    const { line, col, msg } = result.err;
    // fast-xml-parser reports a file that ends too early as "Invalid '["TEI","text"]' found." at 1:1.
    const unclosed = /^Invalid '\[([\s\S]*)\]' found\.$/.exec(msg);
    if (unclosed) {
      const names = [...unclosed[1]!.matchAll(/"([^"]+)"/g)].map((m) => `<${m[1]}>`).reverse();
      return { diagnostics: [...diagnostics, at(file, text, text.trimEnd().length, 'xml-wellformed', `not well-formed: the file ends before ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} closed (is it cut short?)`)] };
    }
    return { diagnostics: [...diagnostics, { file, line, column: col, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: `not well-formed: ${msg}` }] };
  }
  const root = rootElement(text);
  if (root && !(root.namespace === TEI_NS && (root.localName === 'TEI' || root.localName === 'teiCorpus'))) {
    const found = root.namespace ? `{${root.namespace}}${root.localName}` : `${root.localName} in no namespace`;
    // Not TEI: nothing further to check or render.
    return { diagnostics: [...diagnostics, at(file, text, root.offset, 'tei-namespace', `the root element must be TEI (or teiCorpus) in the TEI namespace ${TEI_NS}; found ${found}`)] };
  }
  return { source: { file, text }, diagnostics };
}

/** Where a `<!DOCTYPE …>` in the prolog starts and ends, and whether it holds declarations. */
function findDoctype(text: string): { start: number; end: number; internalSubset: boolean } | undefined {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i === -1) return undefined;
    if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3;
    else if (/^<!DOCTYPE/i.test(text.slice(i, i + 9))) break;
    else return undefined;
    if (i < 2) return undefined; // an unclosed comment or PI: let the well-formedness check report it
  }
  // The declaration ends at the first '>' outside quotes and outside an internal subset.
  let quote = '';
  let internalSubset = false;
  for (let j = i + 9; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') internalSubset = true;
    else if (c === '>' && !internalSubset) return { start: i, end: j + 1, internalSubset };
    else if (c === ']') return { start: i, end: text.indexOf('>', j) + 1 || text.length, internalSubset: true };
  }
  return { start: i, end: text.length, internalSubset: true };
}

interface RootElement {
  offset: number;
  localName: string;
  namespace: string;
}

function rootElement(text: string): RootElement | undefined {
  const tag = /<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)([^>]*)>/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const before = text.slice(0, m.index);
    if (before.lastIndexOf('<!--') > before.lastIndexOf('-->')) continue;
    const [prefix, localName] = m[1]!.includes(':') ? m[1]!.split(':') as [string, string] : ['', m[1]!];
    const attr = new RegExp(`\\sxmlns${prefix ? ':' + prefix : ''}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(m[2]!);
    return { offset: m.index, localName, namespace: attr ? (attr[2] ?? attr[3] ?? '') : '' };
  }
  return undefined;
}

function at(file: string, text: string, offset: number, rule: string, message: string): Diagnostic {
  const { line, column } = new LineIndex(text).positionAt(offset);
  return { file, line, column, severity: 'error', rule, source: 'xml', message };
}

function fileProblem(file: string, rule: string, message: string): Diagnostic {
  return { file, line: 0, column: 0, severity: 'error', rule, source: 'io', message };
}
