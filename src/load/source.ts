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
  const decoded = decodeBytes(file, bytes);
  return 'text' in decoded ? checkText({ file, text: decoded.text }, decoded.encoding) : decoded;
}

/** Decode bytes (UTF-8 or UTF-16 with a byte-order mark), unchecked: the text, or why it cannot be read. */
export function decodeBytes(file: string, bytes: Uint8Array): { text: string; encoding: 'UTF-8' | 'UTF-16' } | { diagnostics: Diagnostic[] } {
  const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'be' : undefined;
  if (bom) {
    // Decoded by Node, which keeps a lone surrogate for checkText to report at its place
    // (TextDecoder would turn it into U+FFFD without a word).
    const units = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    const text = (bom === 'be' ? units.swap16() : units).toString('utf16le');
    if (bytes.length % 2) return { diagnostics: [at(file, text, text.length, 'xml-encoding', 'the file ends in the middle of a UTF-16 character (is it cut short?)')] };
    return { text, encoding: 'UTF-16' };
  }
  if ((bytes[0] === 0x3c && bytes[1] === 0) || (bytes[0] === 0 && bytes[1] === 0x3c)) {
    return { diagnostics: [at(file, '', 0, 'xml-encoding', 'the file looks like UTF-16 without a byte-order mark: save it as UTF-8, or as UTF-16 with a byte-order mark')] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a UTF-8 BOM
  } catch {
    // The valid part re-encodes to the same bytes: the first difference is the first bad byte
    // (a genuine U+FFFD before it does not mislead).
    const lossy = Buffer.from(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
    let bad = 0;
    while (bad < bytes.length && bytes[bad] === lossy[bad]) bad++;
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const shown = [...bytes.subarray(bad, bad + 4)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    return { diagnostics: [unsupportedEncoding(file, before) ?? at(file, before, before.length, 'xml-encoding', `the file is not valid UTF-8 here (bytes ${shown}): convert it to UTF-8`)] };
  }
  return { text, encoding: 'UTF-8' };
}

/**
 * The first gate: refuse DTDs (and with them external entities and entity bombs)
 * before any XML engine sees the text, then check well-formedness with exact positions.
 */
export function checkText(given: Source, decodedFrom?: 'UTF-8' | 'UTF-16'): Loaded {
  const { file } = given;
  let { text } = given;
  const unsupported = unsupportedEncoding(file, text);
  if (unsupported) return { diagnostics: [unsupported] };
  const diagnostics: Diagnostic[] = [];
  const declared = ENCODING.exec(text);
  if (declared) {
    const named = /16/.test(declared[1]!) ? 'UTF-16' : 'UTF-8';
    if (decodedFrom && named !== decodedFrom) {
      diagnostics.push(at(file, text, 0, 'xml-encoding', `the declaration says encoding="${declared[1]}", but the file is ${decodedFrom}: declare encoding="${decodedFrom}"`));
    }
    // The text is decoded already: libxml2, handed it as UTF-8, must not read it as UTF-16.
    // Blanked in place, so that positions stay as they are.
    if (named === 'UTF-16') text = text.slice(0, declared.index) + declared[0].replace(/encoding\s*=\s*["'][^"']+["']/, (d) => ' '.repeat(d.length)) + text.slice(declared.index + declared[0].length);
  }
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
  // Characters XML 1.0 forbids anywhere (NUL and most controls, half a surrogate pair): fast-xml-parser lets them through.
  // A quick test first (any surrogate counts there): the search with look-arounds takes four times as long.
  const forbidden = SUSPECT.test(text) ? FORBIDDEN.exec(text) : null;
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const what = /[\uD800-\uDFFF]/.test(forbidden[0]) ? `U+${code} is half of a UTF-16 surrogate pair without its other half, not a character` : `the character U+${code} is not allowed in XML`;
    return { diagnostics: [...diagnostics, at(file, text, forbidden.index, 'xml-wellformed', `not well-formed: ${what}`)] };
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
    // Without a column, fast-xml-parser found no element at all.
    if (col === undefined) return { diagnostics: [...diagnostics, at(file, text, text.trimEnd().length, 'xml-wellformed', 'not well-formed: the file holds no element (is it empty?)')] };
    if (/^Multiple possible root nodes/.test(msg)) {
      // Reported at the end of the second root's start tag: point at its '<'.
      const lines = new LineIndex(text);
      const second = text.lastIndexOf('<', lines.lineStart(line) + col - 1);
      return { diagnostics: [...diagnostics, at(file, text, second, 'xml-wellformed', 'not well-formed: a second root element after the first has ended (only one is allowed)')] };
    }
    return { diagnostics: [...diagnostics, { file, line, column: col, severity: 'error', rule: 'xml-wellformed', source: 'xml', message: `not well-formed: ${msg}` }] };
  }
  const markup = markupProblems(file, text);
  if (markup.length > 0) return { diagnostics: [...diagnostics, ...markup] };
  const root = rootElement(text);
  if (root && !(root.namespace === TEI_NS && (root.localName === 'TEI' || root.localName === 'teiCorpus'))) {
    const found = root.namespace ? `{${root.namespace}}${root.localName}` : `${root.localName} in no namespace`;
    // Not TEI: nothing further to check or render.
    return { diagnostics: [...diagnostics, at(file, text, root.offset, 'tei-namespace', `the root element must be TEI (or teiCorpus) in the TEI namespace ${TEI_NS}; found ${found}`)] };
  }
  return { source: { file, text }, diagnostics };
}

const ENCODING = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/;
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/;
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unsupportedEncoding(file: string, text: string): Diagnostic | undefined {
  const declared = ENCODING.exec(text);
  if (!declared || /^(utf-?8|utf-?16|us-ascii|ascii)$/i.test(declared[1]!)) return undefined;
  return at(file, text, declared.index, 'xml-encoding', `unsupported encoding "${declared[1]}": editio reads UTF-8 and UTF-16; convert the file to UTF-8`);
}

/** libxml2's own limit: deeper documents are refused, here at the exact place. */
const MAX_DEPTH = 256;

/**
 * What fast-xml-parser lets through and the engines would read wrongly, or refuse without a
 * usable place: a reference to an entity (no DTD is read, so only the five XML predefines exist),
 * a character reference to what is not an XML character (&#0;, a lone surrogate &#xD800;),
 * "--" inside a comment, "]]>" in text, and elements nested deeper than MAX_DEPTH. One linear
 * scan that takes each start tag whole (a "<" in an attribute value opens nothing); every bad
 * reference is reported, at its "&".
 */
function markupProblems(file: string, text: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  let lines: LineIndex | undefined;
  const report = (offset: number, message: string) => {
    lines ??= new LineIndex(text);
    found.push({ file, ...lines.positionAt(offset), severity: 'error', rule: 'xml-wellformed', source: 'xml', message: `not well-formed: ${message}` });
  };
  const checkReference = (reference: string, offset: number) => {
    const name = reference.slice(1, -1);
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!allowed) report(offset, `${reference} does not refer to a character XML allows${code >= 0xd800 && code <= 0xdfff ? ' (it is half of a UTF-16 surrogate pair)' : ''}`);
    } else if (!['amp', 'lt', 'gt', 'quot', 'apos'].includes(name)) {
      report(offset, `the entity ${reference} is not defined: editio reads no DTD, so only &amp; &lt; &gt; &quot; &apos; exist; write the character itself or a numeric reference`);
    }
  };
  const inTag = /&(?:#x[0-9A-Fa-f]+|#[0-9]+|[^\s;&<>"']+);/g;
  const token = new RegExp(String.raw`<!--([\s\S]*?)-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)[^\s/>!?]|(${inTag.source})|\]\]>`, 'g');
  const tagEnd = /(?:"[^"]*"|'[^']*'|[^>"'])*>/y;
  let depth = 0;
  let tooDeep = false;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const [whole, comment, slash, reference] = m;
    if (reference !== undefined) {
      checkReference(reference, m.index);
    } else if (comment !== undefined) {
      const dashes = /--|-$/.exec(comment);
      if (dashes) report(m.index + 4 + dashes.index, '"--" is not allowed inside a comment, nor a "-" just before its end');
    } else if (slash === '/') {
      depth--;
    } else if (slash !== undefined) {
      tagEnd.lastIndex = m.index;
      const tag = tagEnd.exec(text)?.[0];
      if (!tag) continue;
      token.lastIndex = m.index + tag.length;
      for (const r of tag.matchAll(inTag)) checkReference(r[0], m.index + r.index);
      if (!tag.endsWith('/>') && ++depth > MAX_DEPTH && !tooDeep) {
        tooDeep = true;
        report(m.index, `the nesting depth passes ${MAX_DEPTH} here (editio keeps this limit on purpose)`);
      }
    } else if (whole === ']]>') {
      report(m.index, '"]]>" is not allowed in text outside a CDATA section: write "]]&gt;"');
    }
  }
  return found;
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
