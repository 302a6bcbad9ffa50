import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Diagnostic } from '../../diagnostic.js';
import type { Locator } from '../../load/locator.js';
import { TEI_NS } from '../../load/source.js';
import { readStartTag } from '../../load/elements.js';
import type { Grammar } from './grammar.js';
import { firsts, isWhitespace, Kind, textTests, type Pattern, type Patterns, type QName } from './patterns.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

const qnames = new Map<string, Map<string, QName>>();
let nameCount = 0;

/** One object, and one number, per name (derivatives are remembered by name number). */
function qname(ns: string, local: string): QName {
  let inNamespace = qnames.get(ns);
  if (!inNamespace) qnames.set(ns, (inNamespace = new Map()));
  let name = inNamespace.get(local);
  if (!name) inNamespace.set(local, (name = { ns, local, id: nameCount++ }));
  return name;
}

interface Frame {
  name: QName;
  /** The name as the document writes it. */
  display: string;
  /** Offset of the start tag's `<`. */
  offset: number;
  /** Its step in its path (/TEI[1]/text[1]/…, as the rules write paths: TEI elements by local name, others as Q{uri}name). */
  step: string;
  /** How many children of each step it has had so far (made at its first child). */
  children?: Map<string, number>;
  hasElements: boolean;
  /** A child was not allowed (and reported): its absence may leave this element incomplete; that is not a second finding. */
  childFailed: boolean;
}

/** Raised inside the parser's handlers to stop: at the first well-formedness error, or at the first finding when that is all that is asked. */
class Stop extends Error {}

/**
 * Validate one document against a grammar in a single streaming pass (saxes). Each finding
 * is placed at its element's start tag or at its attribute, with the node's path; after a
 * finding the check goes on as if the fault were not there (a misplaced element is checked
 * against its own definition, an unknown one skipped, a bad attribute ignored), so one
 * fault gives one finding, not a cascade. With `firstOnly`, it stops at the first finding (enough
 * to know that the document is not valid).
 */
export function checkDocument(text: string, file: string, grammar: Grammar, schemaName: string, locator: () => Locator, firstOnly = false): Diagnostic[] {
  const P = grammar.patterns;
  const found: Diagnostic[] = [];
  const stack: Frame[] = [];
  const prefixes = new Map<string, string>([[XML_NS, 'xml']]);
  let state = grammar.start;
  let pending = '';
  let tagStart = 0;

  /** Where a finding about an element (the frame, whose ancestors are on the stack) or one of its attributes (named as written) stands. */
  const at = (frame: Frame, attribute?: { name: string; uri: string; local: string }) => {
    const path = stack.map((f) => f.step).join('') + (stack[stack.length - 1] === frame ? '' : frame.step);
    const written = attribute && readStartTag(text, frame.offset).attributes.find((a) => a.name === attribute.name);
    if (!attribute || !written) return { ...locator().positionAt(frame.offset), xpath: path };
    const step = attribute.uri === '' ? `@${attribute.local}` : attribute.uri === XML_NS ? `@xml:${attribute.local}` : `@Q{${attribute.uri}}${attribute.local}`;
    return { ...locator().positionAt(written.offset), xpath: `${path}/${step}` };
  };
  const report = (frame: Frame, rule: string, message: string, attribute?: { name: string; uri: string; local: string }) => {
    found.push({ file, ...at(frame, attribute), severity: 'error', rule, source: 'rng', message: `${message} (${schemaName})` });
    if (firstOnly) throw new Stop();
  };
  const show = (name: QName) => displayName(name, prefixes);

  /** Text before a child element (whitespace there is not content), or at the end of an element. */
  const takeText = (frame: Frame | undefined, atEnd: boolean) => {
    const text = pending;
    pending = '';
    if (!frame) return;
    if (isWhitespace(text)) {
      // An element without child elements has its text as content, even when empty or blank.
      if (atEnd && !frame.hasElements) state = P.choice(state, P.afterText(state, text));
      return;
    }
    const next = P.afterText(state, text);
    if (next.kind !== Kind.NotAllowed) {
      state = next;
      return;
    }
    const tests = textTests(state);
    if (tests.length) report(frame, 'rng-value', `the content of ${frame.display}, ${quote(text)}, is not ${describeValues(tests)}`);
    else report(frame, 'rng-element', `text is not allowed in ${frame.display}${frame.hasElements ? ' here' : ''}`);
  };

  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('opentagstart', () => {
    tagStart = text.lastIndexOf('<', parser.position - 1);
  });
  parser.on('opentag', (node: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    for (const prefix in node.ns) if (prefix && !prefixes.has(node.ns[prefix]!)) prefixes.set(node.ns[prefix]!, prefix);
    if (parent) {
      takeText(parent, false);
      parent.hasElements = true;
    }
    const name = qname(node.uri, node.local);
    const frame: Frame = { name, display: node.name, offset: tagStart, step: childStep(parent, node.uri, node.local), hasElements: false, childFailed: false };
    let next = P.startTagOpen(state, name);
    if (next.kind === Kind.NotAllowed) {
      const where = parent ? `in ${parent.display}` : 'as the root element';
      report(frame, 'rng-element', `element ${node.name} is not allowed ${where}${expectation(state, 'expected', show)}`);
      if (parent) parent.childFailed = true;
      // Go on as if it were allowed here: its content checked against its own definitions, or not at all when
      // the schema has none by name (a wildcard's verdict on what is inside would only repeat this finding).
      const definitions = grammar.elementsNamed(name).filter((e) => e.nameClass!.names());
      next = P.choice(...(definitions.length ? definitions : [anything(P)]).map((e) => P.after(e.body, state)));
    }
    for (const key in node.attributes) {
      const attribute = node.attributes[key]!;
      if (attribute.uri === XMLNS_NS || attribute.name === 'xmlns') continue;
      const aname = qname(attribute.uri, attribute.local);
      const after = P.afterAttribute(next, aname, attribute.value);
      if (after.kind !== Kind.NotAllowed) {
        next = after;
        continue;
      }
      const tests = next.attributeMemo?.get(aname.id)?.tests ?? [];
      if (!tests.length) report(frame, 'rng-attribute', `attribute ${attribute.name} is not allowed on ${node.name}`, attribute);
      else if (tests.some((t) => P.valueMatches(t, attribute.value))) report(frame, 'rng-attribute', `attribute ${attribute.name} cannot be used on ${node.name} together with the attributes before it`, attribute);
      else {
        report(frame, 'rng-value', `attribute ${attribute.name} of ${node.name} has the value ${quote(attribute.value)}, which is not ${describeValues(tests)}`, attribute);
        next = P.afterAttributeForgiving(next, aname); // it is there, only wrong: not missing too
      }
    }
    const closed = P.startTagClose(next);
    if (closed.kind === Kind.NotAllowed) {
      const missing = requiredAttributes(P, next).map(show);
      report(frame, 'rng-attribute', `${node.name} lacks ${missing.length === 1 ? `the required attribute ${missing[0]}` : `a required attribute (${list(missing, 'or')})`}`);
      state = P.startTagCloseForgiving(next);
    } else state = closed;
    stack.push(frame);
  });
  const addText = (t: string) => void (pending += t);
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const frame = stack.pop()!;
    takeText(frame, true);
    const next = P.endTag(state);
    if (next.kind === Kind.NotAllowed) {
      if (!frame.childFailed) report(frame, 'rng-element', `${frame.display} is incomplete${needed(state, show) || expectation(state, 'it needs', show) || describeMissingText(state)}`);
      state = P.endTagForgiving(state);
    } else state = next;
  });
  parser.on('error', (error) => {
    found.push({ file, line: parser.line, column: Math.max(1, parser.column), severity: 'error', rule: 'xml-wellformed', source: 'xml', message: `not well-formed: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}` });
    throw new Stop();
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return found;
}

/** An element's step in its path: its name, and its place among its parent's children of that name. */
function childStep(parent: Frame | undefined, ns: string, local: string): string {
  const name = ns === TEI_NS ? local : `Q{${ns}}${local}`;
  let position = 1;
  if (parent) {
    parent.children ??= new Map();
    position = (parent.children.get(name) ?? 0) + 1;
    parent.children.set(name, position);
  }
  return `/${name}[${position}]`;
}

/** "; expected a, b or c": the elements the state could take next. */
function expectation(state: Pattern, lead: string, show: (n: QName) => string): string {
  const { elements, texts } = firsts(state);
  const names = new Set<string>();
  const wildcards = new Set<string>();
  for (const e of elements) {
    const named = e.nameClass!.names();
    if (named) named.forEach((n) => names.add(show(n)));
    else wildcards.add(`an element of ${e.nameClass!.describe()}`);
  }
  const sorted = [...[...names].sort(), ...wildcards];
  if (texts.length && lead === 'it needs') sorted.push('text');
  return sorted.length ? `; ${lead} ${list(sorted, 'or')}` : '';
}

/** "; it needs item": the elements that must come (not those that may), when the content model says which. */
function needed(state: Pattern, show: (n: QName) => string): string {
  const names = new Set<string>();
  const walk = (p: Pattern): void => {
    if (p.nullable) return; // nothing here is required
    switch (p.kind) {
      case Kind.Choice:
        return p.alternatives.forEach(walk);
      case Kind.Group:
        return walk(p.a!.nullable ? p.b! : p.a!);
      case Kind.Interleave:
        walk(p.a!);
        return walk(p.b!);
      case Kind.OneOrMore:
      case Kind.After:
        return walk(p.a!);
      case Kind.Element:
        p.nameClass!.names()?.forEach((n) => names.add(show(n)));
    }
  };
  walk(state);
  return names.size && names.size <= 10 ? `; it needs ${list([...names].sort(), 'or')}` : '';
}

function describeMissingText(state: Pattern): string {
  const tests = textTests(state);
  return tests.length ? `: its content must be ${describeValues(tests)}` : '';
}

/** The attributes whose absence leaves the start tag unacceptable. */
function requiredAttributes(P: Patterns, state: Pattern): QName[] {
  const names: QName[] = [];
  const walk = (p: Pattern) => {
    switch (p.kind) {
      case Kind.After:
      case Kind.OneOrMore:
        return walk(p.a!);
      case Kind.Group:
      case Kind.Interleave:
        walk(p.a!);
        return walk(p.b!);
      case Kind.Choice:
        // A choice one of whose branches needs nothing more is not what is missing.
        if (p.alternatives.some((q) => P.startTagClose(q).kind !== Kind.NotAllowed)) return;
        return p.alternatives.forEach(walk);
      case Kind.Attribute:
        names.push(...(p.nameClass!.names() ?? [{ ns: '', local: 'any attribute', id: -1 }]));
    }
  };
  walk(state);
  return [...new Map(names.map((n) => [`${n.ns}\u0000${n.local}`, n])).values()];
}

/** What a value or text pattern accepts, in an editor's words: `"open" or "closed"`, "a date (YYYY-MM-DD)". */
function describeValues(patterns: Pattern[]): string {
  const words = new Set<string>();
  const walk = (p: Pattern): void => {
    switch (p.kind) {
      case Kind.Choice:
        return p.alternatives.forEach(walk);
      case Kind.Data:
      case Kind.Value:
        words.add(p.test!.describe());
        return;
      case Kind.List:
        words.add('a list of values separated by spaces');
        return;
      case Kind.Text:
        words.add('text');
        return;
      case Kind.Empty:
        words.add('empty');
        return;
      case Kind.Group:
      case Kind.OneOrMore:
        walk(p.a!);
        if (p.b) walk(p.b);
    }
  };
  patterns.forEach(walk);
  return list([...words], 'or');
}

/** "a, b or c", with at most ten items named. */
function list(items: string[], conjunction: string): string {
  const shown = items.length > 10 ? [...items.slice(0, 10), `${items.length - 10} more`] : items;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 40 ? `${flat.slice(0, 40)}…` : flat);
}

function displayName(name: QName, prefixes: Map<string, string>): string {
  if (name.ns === '' || name.ns === TEI_NS) return name.local;
  const prefix = prefixes.get(name.ns);
  return prefix ? `${prefix}:${name.local}` : `{${name.ns}}${name.local}`;
}

const anythingOf = new WeakMap<Patterns, Pattern>();

/** An element of any name with any attributes and content: where the schema has no definition for an element, nothing inside it is judged. */
function anything(P: Patterns): Pattern {
  let element = anythingOf.get(P);
  if (!element) {
    const anyName = { contains: () => true, names: () => undefined, describe: () => 'any name' };
    const content = (): Pattern => P.choice(P.oneOrMore(P.choice(P.attribute(anyName, P.text), element!, P.text)), P.empty);
    element = P.element(anyName, content);
    anythingOf.set(P, element);
  }
  return element;
}
