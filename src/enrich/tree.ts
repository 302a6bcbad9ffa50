import { readStartTag, skipMarkup } from '../load/elements.js';
import { TEI_NS } from '../load/source.js';

/**
 * A light tree of a well-formed document (the load stage has checked it) that keeps the offset
 * of every node in the source text: enrich reads the document through it and edits the source
 * by these offsets, never by serialising a tree, so that every byte outside a proposal stays.
 */
export interface XElement {
  kind: 'element';
  /** The local name; `ns` is its namespace. */
  name: string;
  ns: string;
  /** Attributes by name as written (`xml:id`, `ref`), values decoded. */
  attributes: Map<string, string>;
  /** Namespace prefixes in scope ('' for the default namespace). */
  namespaces: Map<string, string>;
  /** Offset of the `<` of the start tag, just past its `>`, of the end tag's `<`, and just past the element. */
  start: number;
  tagEnd: number;
  closeStart: number;
  end: number;
  children: XNode[];
  parent?: XElement;
}

export interface XText {
  kind: 'text';
  /** The source slice [start, end) holds character data, references not yet decoded. */
  start: number;
  end: number;
  parent: XElement;
}

/** A comment, a processing instruction or a CDATA section: never read as text to tag. */
export interface XOther {
  kind: 'other';
  start: number;
  end: number;
  parent: XElement;
}

export type XNode = XElement | XText | XOther;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The root element of a well-formed document. */
export function parseTree(text: string): XElement {
  const top: XElement = element('#document', '', new Map(), new Map([['xml', XML_NS]]), 0, 0);
  const stack: XElement[] = [top];
  let i = 0;
  let textStart = 0;
  const flushText = (until: number) => {
    if (until > textStart && stack.length > 1) stack[stack.length - 1]!.children.push({ kind: 'text', start: textStart, end: until, parent: stack[stack.length - 1]! });
  };
  while ((i = text.indexOf('<', i)) !== -1) {
    flushText(i);
    const parent = stack[stack.length - 1]!;
    const next = text.charCodeAt(i + 1);
    let end: number;
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      end = skipMarkup(text, i);
      if (stack.length > 1) parent.children.push({ kind: 'other', start: i, end, parent });
    } else if (next === 0x2f /* / */) {
      end = text.indexOf('>', i) + 1;
      const closed = stack.pop()!;
      closed.closeStart = i;
      closed.end = end;
    } else {
      const tag = readStartTag(text, i);
      // Declarations are rare: an element shares its parent's map unless it declares one.
      let namespaces = parent.namespaces;
      const attributes = new Map<string, string>();
      for (const a of tag.attributes) {
        const value = decode(a.value);
        if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
          if (namespaces === parent.namespaces) namespaces = new Map(parent.namespaces);
          namespaces.set(a.name === 'xmlns' ? '' : a.name.slice(6), value);
        } else attributes.set(a.name, value);
      }
      const colon = tag.name.indexOf(':');
      const ns = namespaces.get(colon === -1 ? '' : tag.name.slice(0, colon)) ?? '';
      const child = element(tag.name.slice(colon + 1), ns, attributes, namespaces, i, tag.end);
      child.parent = parent;
      parent.children.push(child);
      if (tag.selfClosing) {
        child.closeStart = child.end = tag.end;
      } else stack.push(child);
      end = tag.end;
    }
    i = textStart = end;
  }
  const root = top.children.find((c): c is XElement => c.kind === 'element');
  if (!root) throw new Error('the document holds no element');
  delete root.parent;
  return root;
}

function element(name: string, ns: string, attributes: Map<string, string>, namespaces: Map<string, string>, start: number, tagEnd: number): XElement {
  return { kind: 'element', name, ns, attributes, namespaces, start, tagEnd, closeStart: tagEnd, end: tagEnd, children: [] };
}


const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Character data with its references decoded (only the predefined and numeric ones exist: no DTD is read). */
export function decode(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[a-z]+);/g, (whole, name: string) =>
    name[0] === '#' ? String.fromCodePoint(name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)) : PREDEFINED[name] ?? whole);
}

/**
 * A source slice decoded, with the source offset of each decoded character (and one past the
 * end), so that a match in the decoded text maps back to exact source offsets.
 */
export function decodeWithOffsets(text: string, start: number, end: number): { value: string; offsets: number[] | undefined } {
  const raw = text.slice(start, end);
  if (!raw.includes('&')) return { value: raw, offsets: undefined };
  let value = '';
  const offsets: number[] = [];
  for (let i = 0; i < raw.length;) {
    if (raw[i] === '&') {
      const semi = raw.indexOf(';', i);
      const decoded = decode(raw.slice(i, semi + 1));
      for (let k = 0; k < decoded.length; k++) offsets.push(start + i);
      value += decoded;
      i = semi + 1;
    } else {
      offsets.push(start + i);
      value += raw[i];
      i++;
    }
  }
  offsets.push(end);
  return { value, offsets };
}

export function isTei(e: XElement, name?: string): boolean {
  return e.ns === TEI_NS && (name === undefined || e.name === name);
}

/** Child elements in the TEI namespace, of one name when given. */
export function childElements(e: XElement, name?: string): XElement[] {
  return e.children.filter((c): c is XElement => c.kind === 'element' && isTei(c, name));
}

/** Descendant elements in document order, of one TEI name when given. */
export function descendants(e: XElement, name?: string): XElement[] {
  const found: XElement[] = [];
  const walk = (node: XElement) => {
    for (const c of node.children) {
      if (c.kind !== 'element') continue;
      if (name === undefined || isTei(c, name)) found.push(c);
      walk(c);
    }
  };
  walk(e);
  return found;
}

/** The nearest ancestor (or the element itself) that satisfies a test. */
export function closest(e: XElement | undefined, test: (e: XElement) => boolean): XElement | undefined {
  for (let a = e; a; a = a.parent) if (test(a)) return a;
  return undefined;
}

/** The text of an element, decoded, as one string (notes inside it included unless excluded). */
export function textOf(source: string, e: XElement, skip?: (e: XElement) => boolean): string {
  let out = '';
  const walk = (node: XElement) => {
    for (const c of node.children) {
      if (c.kind === 'text') out += decode(source.slice(c.start, c.end));
      else if (c.kind === 'element' && !skip?.(c)) walk(c);
    }
  };
  walk(e);
  return out;
}

/** The prefix to write a TEI element with where `e` stands ('' when TEI is the default namespace there). */
export function teiPrefix(e: XElement): string {
  if (e.namespaces.get('') === TEI_NS) return '';
  for (const [prefix, uri] of e.namespaces) if (uri === TEI_NS && prefix) return `${prefix}:`;
  return '';
}

/** The item whose [start, end) holds an offset, in items ordered and apart (binary search). */
export function itemAt<T>(items: readonly T[], at: number, start: (item: T) => number, end: (item: T) => number): T | undefined {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const item = items[mid]!;
    if (at < start(item)) high = mid - 1;
    else if (at >= end(item)) low = mid + 1;
    else return item;
  }
  return undefined;
}
