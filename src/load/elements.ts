import { TEI_NS } from './source.js';

/**
 * A position-aware walk over well-formed XML: every element with its path and the
 * offsets of its start tag and attributes. saxon-js and libxml2 report nodes by path
 * or by line only; this index turns either into an exact line and column.
 *
 * Paths name TEI elements by local name and others as Q{uri}name, with positions
 * among same-named siblings: /TEI[1]/text[1]/body[1]/div[2]/@xml:id (the form the
 * compiled rules produce, see xslt/schematron/compile.xsl).
 */
export interface ElementRecord {
  path: string;
  /** Offset of the `<` of the start tag. */
  offset: number;
  /** Offset just past the start tag's `>`. */
  tagEnd: number;
  /** Offset just past the element's end tag (past `/>` when empty); Infinity while the index has not reached it. */
  end: number;
  localName: string;
  /** Attribute path step (`@when`, `@xml:id`, `@Q{uri}name`) → offset of the attribute's name. */
  attributes: Map<string, number>;
  /** The element that contains it (none for the root). */
  parent?: ElementRecord;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

interface Open {
  record?: ElementRecord;
  path: string;
  namespaces: Map<string, string>;
  childCounts: Map<string, number>;
}

export function indexElements(text: string): ElementRecord[] {
  return new ElementIndex(text).all();
}

/**
 * The elements of a text in document order, indexed only as far as asked: a finding near the
 * start of a large document indexes that far, not the whole text.
 */
export class ElementIndex {
  readonly records: ElementRecord[] = [];
  private readonly stack: Open[] = [{ path: '', namespaces: new Map([['xml', XML_NS]]), childCounts: new Map() }];
  /** Where the scan stands: every element whose start tag begins before it is indexed. */
  private at = 0;

  constructor(private readonly text: string) {}

  /** Every element. */
  all(): ElementRecord[] {
    this.upTo(Infinity);
    return this.records;
  }

  /** The i-th element in document order, indexing further when needed; undefined past the last. */
  get(i: number): ElementRecord | undefined {
    while (i >= this.records.length && this.upTo(this.at + 65536));
    return this.records[i];
  }

  /** The position of the first element indexed whose start tag begins at or after `offset`. */
  firstFrom(offset: number): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.records[middle]!.offset < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index the elements whose start tags begin before `offset` (and the end tags before it); false when the text is done. */
  upTo(offset: number): boolean {
    const { text, stack } = this;
    let i = this.at;
    while (i !== -1 && i < offset && (i = text.indexOf('<', i)) !== -1 && i < offset) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
        i = skipMarkup(text, i);
        continue;
      }
      if (next === 0x2f /* / */) {
        i = text.indexOf('>', i) + 1;
        const closed = stack.pop()!.record;
        if (closed) closed.end = i;
        continue;
      }
      const tag = readStartTag(text, i);
      const parent = stack[stack.length - 1]!;
      const namespaces = tag.attributes.some((a) => a.name === 'xmlns' || a.name.startsWith('xmlns:')) ? new Map(parent.namespaces) : parent.namespaces;
      for (const a of tag.attributes) {
        if (a.name === 'xmlns') namespaces.set('', a.value);
        else if (a.name.startsWith('xmlns:')) namespaces.set(a.name.slice(6), a.value);
      }
      const [prefix, localName] = splitName(tag.name);
      const namespace = namespaces.get(prefix) ?? '';
      const step = namespace === TEI_NS ? localName : `Q{${namespace}}${localName}`;
      const position = (parent.childCounts.get(step) ?? 0) + 1;
      parent.childCounts.set(step, position);
      const path = `${parent.path}/${step}[${position}]`;
      const attributes = new Map<string, number>();
      for (const a of tag.attributes) {
        if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
        const [aPrefix, aLocal] = splitName(a.name);
        const aStep = !aPrefix ? aLocal : aPrefix === 'xml' ? `xml:${aLocal}` : `Q{${namespaces.get(aPrefix) ?? ''}}${aLocal}`;
        attributes.set(`@${aStep}`, a.offset);
      }
      const record: ElementRecord = { path, offset: i, tagEnd: tag.end, end: tag.selfClosing ? tag.end : Infinity, localName, attributes, ...(parent.record ? { parent: parent.record } : {}) };
      this.records.push(record);
      if (!tag.selfClosing) stack.push({ record, path, namespaces, childCounts: new Map() });
      i = tag.end;
    }
    this.at = i === -1 ? text.length : i;
    return this.at < text.length;
  }
}

export interface StartTag {
  name: string;
  attributes: { name: string; value: string; offset: number }[];
  selfClosing: boolean;
  end: number;
}

/** A start tag read whole from its `<`: name, attributes (values as written) with the offsets of their names, and its end. */
export function readStartTag(text: string, start: number): StartTag {
  let i = start + 1;
  while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== '>' && text[i] !== '/') i++;
  const name = text.slice(start + 1, i);
  const attributes: StartTag['attributes'] = [];
  for (;;) {
    while (isSpace(text.charCodeAt(i))) i++;
    if (text[i] === '>') return { name, attributes, selfClosing: false, end: i + 1 };
    if (text[i] === '/') return { name, attributes, selfClosing: true, end: text.indexOf('>', i) + 1 };
    if (i >= text.length) return { name, attributes, selfClosing: true, end: text.length };
    const nameStart = i;
    while (i < text.length && text[i] !== '=' && !isSpace(text.charCodeAt(i))) i++;
    const attrName = text.slice(nameStart, i);
    i = text.indexOf('=', i) + 1;
    while (isSpace(text.charCodeAt(i))) i++;
    const quote = text[i]!;
    const valueEnd = text.indexOf(quote, i + 1);
    attributes.push({ name: attrName, value: text.slice(i + 1, valueEnd), offset: nameStart });
    i = valueEnd + 1;
  }
}

/**
 * Just past what starts at `start` with `<!` or `<?` and is not an element: a comment, a CDATA
 * section, a processing instruction or a declaration. Every scanner of a well-formed text steps
 * over these alike.
 */
export function skipMarkup(text: string, start: number): number {
  if (text.charCodeAt(start + 1) === 0x3f /* ? */) return text.indexOf('?>', start + 2) + 2;
  if (text.startsWith('<!--', start)) return text.indexOf('-->', start + 4) + 3;
  if (text.startsWith('<![CDATA[', start)) return text.indexOf(']]>', start + 9) + 3;
  return skipDeclaration(text, start);
}

/** Skip `<!DOCTYPE ...>` including an internal subset in brackets. */
function skipDeclaration(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return text.length;
}

function splitName(name: string): [string, string] {
  const colon = name.indexOf(':');
  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}
