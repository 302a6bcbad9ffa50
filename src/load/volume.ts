import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostic.js';
import { isSpace, readStartTag, skipMarkup, type StartTag } from './elements.js';
import { LineIndex } from './position.js';
import { checkText, TEI_NS, type Source } from './source.js';

/**
 * Volumes in parts. A large TEI document (a FRUS volume of thousands of documents) is cut
 * into parts, each a TEI document of its own that the engines read like any other: the
 * header (everything before <text>), then some of the volume's outermost citable units whole,
 * inside the start tags of the divisions around them. A part is checked and transformed
 * alone, so memory follows the size of a part, not of the volume, and parts run in parallel.
 *
 * What a part cannot see of the rest comes with it:
 * - the page break in force where each of its units begins (a copy, before the unit);
 * - whether text came before it (the text edition marks no page turn before the first text);
 * - where its pointers to other parts lead (xml:id → the unit whose page shows it), and which
 *   of its xml:ids other parts point at (for the rule checks).
 * One more part, the skeleton, is the whole text with every outermost unit cut down to its
 * start tag and headings: it makes the page of the text outside the units and owns the header.
 *
 * Every finding in a part is mapped back to its place in the volume; a finding about a place
 * another part owns (the header, seen by every part; the units a skeleton only sketches) is
 * dropped there, so that each place is reported by one part.
 */
export interface Part {
  /** The pages it makes: unit xml:ids, '#text' for the text outside units; empty: all (the document whole). */
  produce: string[];
  /** xml:id in another part → the xml:id of the unit whose page shows it ('' for the text's own page). */
  targets: Record<string, string>;
  /** xml:ids of this part that other parts (and other documents of the run) point at. */
  pointedElsewhere: string[];
  /** Its pointers that reach other documents of the run (load/links.ts): `#id`s found there, and `persons.xml#id`s. */
  reached: string[];
  /** The documents of the run its pointers name as they write them (persons.xml), whose ids are known. */
  documents: string[];
  /** The authority records in other parts or documents that its names point to, as XML for the stylesheets (editio:record elements). */
  records: string;
  /** Whether the volume has text before the part's first unit. */
  textBegun: boolean;
  /** A stable name among the volume's parts (the cache key): '' for a document in one part, '#text' for the skeleton, else its first unit's xml:id. */
  key: string;
  /** What its outputs depend on besides editio itself: its text, its parameters, the titles of its neighbours. */
  hash: string;
  /** The length of its text, in characters. */
  size: number;
  /** Its text, made when asked for (a volume's parts are not all held at once). */
  open(): OpenPart;
}

export interface OpenPart {
  /** The part's text, reported under the volume's file name. */
  source: Source;
  /** The finding at its place in the volume, or undefined when another part reports that place. */
  place(diagnostic: Diagnostic): Diagnostic | undefined;
}

export interface Split {
  parts: Part[];
  /** Findings only the whole volume shows: an xml:id used in two parts. */
  diagnostics: Diagnostic[];
}

/** A document over this many characters is cut into parts. */
export const PART_CHARACTERS = 2_000_000;

/**
 * Cut a document longer than `threshold` characters into parts of about a quarter of that (a
 * document that fits, or that has no units to cut at, is one part). Smaller parts need less
 * memory; each part costs a few milliseconds of set-up in every stylesheet.
 */
export function splitDocument(source: Source, threshold = PART_CHARACTERS, links?: DocumentLinks): Split {
  const split = cut(source, threshold);
  return links ? { ...split, parts: split.parts.map((part) => withLinks(part, links)) } : split;
}

function cut(source: Source, threshold: number): Split {
  const whole = (): Split => ({ parts: [wholePart(source)], diagnostics: [] });
  if (source.text.length <= threshold) return whole();
  const budget = threshold / 4;
  const outline = scan(source.text);
  if (!outline || outline.members.length < 2) return whole();
  return new Splitter(source, outline, budget).split();
}

function wholePart(source: Source): Part {
  return { produce: [], targets: {}, pointedElsewhere: [], reached: [], documents: [], records: '', textBegun: false, key: '', hash: hash(source.text), size: source.text.length, open: () => ({ source, place: (d) => d }) };
}

/**
 * What a document of a run knows of the others (load/links.ts), as the parts of a volume know
 * of each other: every part of the document gets it, beside what it knows of its own volume.
 */
export interface DocumentLinks {
  /** Its pointers to documents of its volume (which share its output folder): xml:id → the unit whose page shows it. */
  targets: Record<string, string>;
  reached: string[];
  documents: string[];
  /** Its xml:ids that other documents point at. */
  pointedElsewhere: string[];
  records: string;
}

function withLinks(part: Part, links: DocumentLinks): Part {
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  return {
    ...part,
    targets: sortedKeys({ ...links.targets, ...part.targets }),
    pointedElsewhere: union(part.pointedElsewhere, links.pointedElsewhere),
    reached: union(part.reached, links.reached),
    documents: union(part.documents, links.documents),
    records: part.records + links.records,
    hash: hash(part.hash, JSON.stringify(links)),
  };
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A record as the stylesheets read it (xslt/common/functions.xsl): in an editio:record that names
 * the pointer reaching it, with the namespaces in scope where it stands. Its text is copied, so
 * that it does not keep the document's text alive.
 */
export function recordXml(text: string, record: RecordExtent): (pointer: string) => string {
  const end = record.selfClosing ? record.tagEnd : elementEnd(text, record.tagEnd, record.qname);
  const namespaces = [...record.namespaces].filter(([prefix]) => prefix !== 'xml' && prefix !== 'editio').map(([prefix, uri]) => ` ${prefix ? `xmlns:${prefix}` : 'xmlns'}="${escapeAttribute(uri)}"`).join('');
  const body = Buffer.from(text.slice(record.start, end)).toString();
  const inText = record.inText ? ' in-text="true"' : '';
  return (pointer) => `<editio:record xmlns:editio="urn:editio" pointer="${escapeAttribute(pointer)}"${inText}${namespaces}>${body}</editio:record>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function hash(...texts: string[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(t).update('\u0000');
  return h.digest('hex');
}

// ============ the scan ============

/** A start tag kept by the scan: where it stands, and its name as written (for the end tag a part writes). */
interface Tag {
  start: number;
  /** Just past the start tag's `>`. */
  tagEnd: number;
  /** Just past the end tag. */
  end: number;
  qname: string;
  /** Its path in the volume, as the rule checks write paths (/TEI[1]/text[1]/body[1]/div[3]). */
  path: string;
}

/** An outermost citable unit: where the volume is cut. */
interface Member extends Tag {
  id: string;
  /** The divisions around it inside front, body or back (outermost first), front/body/back included. */
  shell: Tag[];
  /** The page break in force where it begins (the last one before it), if any. */
  pageBefore?: { start: number; end: number };
  /** Its own last page break (the skeleton keeps it, so that the page is known after the unit). */
  lastPage?: { start: number; end: number };
  /** Its heading elements (the skeleton keeps them: the titles of the links to it). */
  heads: { start: number; end: number }[];
  textBefore: boolean;
}

export interface Definition {
  id: string;
  /** Offset of the xml:id attribute's name. */
  offset: number;
  /** An authority record (person, place, org, or a name in a list of persons): the element a stylesheet needs of it. */
  record?: RecordExtent;
  element: string;
  /** The path of its xml:id attribute. */
  path: string;
  /** The innermost unit around it ('' when none, undefined outside <text>). */
  unit?: string;
}

/** Where a record stands: the element (for a name in a list, its item), with the namespaces in scope there. */
export interface RecordExtent {
  start: number;
  tagEnd: number;
  qname: string;
  selfClosing: boolean;
  namespaces: Map<string, string>;
  /** Whether it stands in the text (a FRUS persons list), where the page shows it with its id. */
  inText: boolean;
}

export interface Outline {
  /** Just past the <text> start tag, and where </text> starts. */
  textStart: number;
  textEnd: number;
  members: Member[];
  definitions: Definition[];
  /** Local pointers (#id) and where they stand. */
  pointers: { offset: number; id: string }[];
  /** Pointers into other documents (persons.xml#p1): the document as written, and the id. */
  external: { offset: number; token: string; document: string; id: string }[];
  /** Whether the text has front matter (a FRUS volume whole has; a document taken out of it has not). */
  front: boolean;
  /** Every unit in document order, with the raw text of its first heading (a page's neighbours are named by them). */
  units: OutlineUnit[];
}

/** A unit of the outline: where it stands, and what a cut around it alone needs (see cutAround). */
interface OutlineUnit {
  id: string;
  /** Its start tag's `<`. */
  offset: number;
  head: string;
  /** Just past its start tag, where its end tag starts, and just past its end tag. */
  tagEnd: number;
  contentEnd: number;
  end: number;
  /** The elements around it inside <text> (outermost first, front/body/back included). */
  shell: Tag[];
  /** The page break in force where it begins. */
  pageBefore?: { start: number; end: number };
  textBefore: boolean;
}

interface Open {
  qname: string;
  local: string;
  namespace: string;
  start: number;
  tagEnd: number;
  path: string;
  /** How many children of each step it has had so far (made at its first child). */
  counts?: Map<string, number>;
  namespaces: Map<string, string>;
  /** The unit this element is, or opens inside. */
  unit?: string;
  isUnit: boolean;
  member?: Member;
  /** The outline's entry of the unit this element is. */
  entry?: OutlineUnit;
}

const UNIT_TYPES = new Set(['chapter', 'subchapter', 'document']);
const POINTERS = new Set(['ref', 'corresp', 'target', 'who', 'resp', 'sameAs', 'source', 'hand']);
const RECORDS = new Set(['person', 'place', 'org']);

/**
 * One pass over the volume's markup (already known to be well-formed): its outermost units, the
 * page breaks around them, every xml:id and every local pointer. Nothing else is kept, so the
 * outline stays small beside the text. Undefined when the document has no <text> to cut.
 */
export function scan(text: string): Outline | undefined {
  const stack: Open[] = [{ qname: '', local: '', namespace: '', start: 0, tagEnd: 0, path: '', counts: new Map(), namespaces: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), isUnit: false }];
  const outline: Outline = { textStart: -1, textEnd: -1, members: [], definitions: [], pointers: [], external: [], front: false, units: [] };
  let inText = false;
  let textSeen = false;
  let lastPage: { start: number; end: number } | undefined;
  let member: Member | undefined;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (inText && !textSeen && hasText(text, i, lt === -1 ? text.length : lt)) textSeen = true;
    if (lt === -1) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      i = skipMarkup(text, lt);
      // A CDATA section's content is text.
      if (inText && !textSeen && text.startsWith('<![CDATA[', lt) && hasText(text, lt + 9, i - 3)) textSeen = true;
      continue;
    }
    if (next === 0x2f /* / */) {
      i = text.indexOf('>', lt) + 1;
      const closed = stack.pop()!;
      if (closed.entry) {
        closed.entry.contentEnd = lt;
        closed.entry.end = i;
      }
      if (closed.local === 'text' && closed.namespace === TEI_NS && stack.length === 2) {
        outline.textEnd = lt;
        inText = false;
      }
      if (closed.member) {
        closed.member.end = i;
        member = undefined;
      }
      continue;
    }
    const tag = readTag(text, lt);
    const parent = stack[stack.length - 1]!;
    let namespaces = parent.namespaces;
    for (const [name, value] of tag.attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (namespaces === parent.namespaces) namespaces = new Map(parent.namespaces);
        namespaces.set(name === 'xmlns' ? '' : name.slice(6), value);
      }
    }
    const colon = tag.name.indexOf(':');
    const local = colon === -1 ? tag.name : tag.name.slice(colon + 1);
    const namespace = namespaces.get(colon === -1 ? '' : tag.name.slice(0, colon)) ?? '';
    const isTei = namespace === TEI_NS;
    const step = isTei ? local : `Q{${namespace}}${local}`;
    parent.counts ??= new Map();
    const position = (parent.counts.get(step) ?? 0) + 1;
    parent.counts.set(step, position);
    const path = `${parent.path}/${step}[${position}]`;
    const id = tag.attributes.get('xml:id');
    const isUnit = isTei && local === 'div' && id !== undefined && UNIT_TYPES.has(tag.attributes.get('type') ?? '');
    const unit = isUnit ? id : parent.unit;

    if (id !== undefined) {
      // A record is what the stylesheets take for one (xslt/common/functions.xsl, editio:records): for a name in a list, its item.
      const item = isTei && local === 'persName' ? stack.findLast((o) => o.namespace === TEI_NS && o.local === 'item') : undefined;
      const record: RecordExtent | undefined = isTei && RECORDS.has(local) ? { start: lt, tagEnd: tag.end, qname: tag.name, selfClosing: tag.selfClosing, namespaces, inText }
        : item ? { start: item.start, tagEnd: item.tagEnd, qname: item.qname, selfClosing: false, namespaces: item.namespaces, inText } : undefined;
      outline.definitions.push({ id, offset: tag.offsets.get('xml:id')!, element: local, path: `${path}/@xml:id`, unit: inText ? unit ?? '' : undefined, ...(record ? { record } : {}) });
    }
    for (const [name, value] of tag.attributes) {
      if (!POINTERS.has(name)) continue;
      for (const token of value.split(/\s+/)) {
        const hash = token.indexOf('#');
        if (hash === 0 && token.length > 1) outline.pointers.push({ offset: tag.offsets.get(name)!, id: token.slice(1) });
        else if (hash > 0 && hash < token.length - 1 && !/^[a-z][a-z0-9+.-]*:/i.test(token)) {
          outline.external.push({ offset: tag.offsets.get(name)!, token, document: token.slice(0, hash), id: token.slice(hash + 1) });
        }
      }
    }
    if (isTei && local === 'front' && inText && stack.length === 3) outline.front = true;
    if (isTei && local === 'text' && stack.length === 2) {
      inText = true;
      outline.textStart = tag.end;
    }
    if (isTei && local === 'pb' && inText) lastPage = { start: lt, end: tag.end };
    if (isTei && local === 'head' && parent.isUnit) {
      const end = tag.selfClosing ? tag.end : elementEnd(text, tag.end, tag.name);
      if (parent.member) parent.member.heads.push({ start: lt, end });
      const entry = outline.units[outline.units.length - 1];
      if (entry && entry.id === parent.unit && entry.head === '') entry.head = text.slice(lt, end);
    }
    let entry: OutlineUnit | undefined;
    if (isUnit && inText) {
      const shell = stack.slice(3).map((o) => ({ start: o.start, tagEnd: o.tagEnd, end: -1, qname: o.qname, path: o.path }));
      entry = { id: id!, offset: lt, head: '', tagEnd: tag.end, contentEnd: tag.end, end: tag.end, shell, pageBefore: lastPage, textBefore: textSeen };
      outline.units.push(entry);
    }
    if (member && isTei && local === 'pb') member.lastPage = { start: lt, end: tag.end };

    const open: Open = { qname: tag.name, local, namespace, start: lt, tagEnd: tag.end, path, namespaces, unit, isUnit, entry };
    if (isUnit && inText && !member) {
      // An outermost unit, cut at when its ancestors are only front, body, back and divisions.
      const shell = entry!.shell;
      const cuttable = stack.slice(3).every((o) => o.namespace === TEI_NS && (o.local === 'div' || (stack.indexOf(o) === 3 && ['front', 'body', 'back'].includes(o.local))));
      if (!cuttable) return undefined;
      member = { start: lt, tagEnd: tag.end, end: -1, qname: tag.name, path, id: id!, shell, pageBefore: lastPage, heads: [], textBefore: textSeen };
      outline.members.push(member);
      open.member = member;
    }
    if (!tag.selfClosing) stack.push(open);
    else if (open.member) {
      open.member.end = tag.end;
      member = undefined;
    }
    i = tag.end;
  }
  if (outline.textStart < 0 || outline.textEnd < 0) return undefined;
  return outline;
}

/** A start tag with its attribute values decoded, and where each attribute's name stands. */
function readTag(text: string, start: number): { name: string; attributes: Map<string, string>; offsets: Map<string, number>; selfClosing: boolean; end: number } {
  const tag = readStartTag(text, start);
  const attributes = new Map<string, string>();
  const offsets = new Map<string, number>();
  for (const a of tag.attributes) {
    attributes.set(a.name, decode(a.value));
    offsets.set(a.name, a.offset);
  }
  return { name: tag.name, attributes, offsets, selfClosing: tag.selfClosing, end: tag.end };
}

/** Just past the end tag of the element whose start tag ends at `from` (same-named elements nest). */
function elementEnd(text: string, from: number, name: string): number {
  let depth = 1;
  const pattern = new RegExp(`<(/?)${name.replace(/[.]/g, '\\.')}(?=[\\s/>])`, 'g');
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const close = text.indexOf('>', m.index);
    if (m[1]) {
      if (--depth === 0) return close + 1;
    } else if (text[close - 1] !== '/') depth++;
  }
  return text.length;
}

function decode(value: string): string {
  return value.includes('&') ? value.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))) : value;
}

function hasText(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}


// ============ the parts ============

/** A stretch of a part's text copied from the volume: part offset → volume offset. */
interface Segment {
  at: number;
  from: number;
  length: number;
}

/** How a part's text is made: stretches of the volume and a few tags of its own, joined only when the part is opened. */
class PartText {
  private readonly pieces: (string | [number, number])[] = [];
  constructor(private readonly volume: string) {}
  copy(from: number, to: number): void {
    if (to > from) this.pieces.push([from, to]);
  }
  write(synthetic: string): void {
    this.pieces.push(synthetic);
  }
  get length(): number {
    return this.pieces.reduce((sum, p) => sum + (typeof p === 'string' ? p.length : p[1] - p[0]), 0);
  }
  hash(...more: string[]): string {
    const h = createHash('sha256');
    for (const p of this.pieces) h.update(typeof p === 'string' ? p : this.volume.slice(p[0], p[1]));
    for (const t of more) h.update('\u0000').update(t);
    return h.digest('hex');
  }
  make(): { text: string; segments: Segment[] } {
    const segments: Segment[] = [];
    const chunks: string[] = [];
    let at = 0;
    for (const p of this.pieces) {
      const chunk = typeof p === 'string' ? p : this.volume.slice(p[0], p[1]);
      if (typeof p !== 'string') segments.push({ at, from: p[0], length: p[1] - p[0] });
      chunks.push(chunk);
      at += chunk.length;
    }
    return { text: chunks.join(''), segments };
  }
}

class Splitter {
  /** The volume's lines, indexed at the first finding placed (a valid volume needs none). */
  private lineIndex?: LineIndex;
  /** Which member an offset of the volume falls in (members are in order and do not overlap). */
  private readonly memberAt = (offset: number): number => {
    let low = 0;
    let high = this.outline.members.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const m = this.outline.members[mid]!;
      if (offset < m.start) high = mid - 1;
      else if (offset >= m.end) low = mid + 1;
      else return mid;
    }
    return -1;
  };

  constructor(private readonly source: Source, private readonly outline: Outline, private readonly budget: number) {}

  private get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.source.text);
    return this.lineIndex;
  }

  split(): Split {
    const groups = this.groups();
    const { members } = this.outline;
    // Which part owns each member; the skeleton is part 0.
    const partOf = new Array<number>(members.length);
    groups.forEach((g, k) => g.forEach((m) => (partOf[m] = k + 1)));
    const owner = (offset: number): number => {
      const m = this.memberAt(offset);
      return m === -1 || offset < members[m]!.tagEnd ? 0 : partOf[m]!;
    };

    // Where each xml:id stands, and who points at it from another part.
    const defined = new Map<string, Definition>();
    const diagnostics: Diagnostic[] = [];
    for (const d of this.outline.definitions) {
      const first = defined.get(d.id);
      if (!first) defined.set(d.id, d);
      else if (!this.seenTogether(first.offset, d.offset, partOf)) {
        diagnostics.push({ file: this.source.file, ...this.lines.positionAt(d.offset), severity: 'error', rule: 'id-unique', source: 'rules', message: `duplicate xml:id "${d.id}": already used by the ${first.element} element before it`, xpath: d.path });
      }
    }
    const targets = Array.from({ length: groups.length + 1 }, () => ({} as Record<string, string>));
    const pointed = Array.from({ length: groups.length + 1 }, () => new Set<string>());
    const records = Array.from({ length: groups.length + 1 }, () => new Map<string, string>()); // id → its record, for the part that points at it
    for (const p of this.outline.pointers) {
      const target = defined.get(p.id);
      if (!target) continue; // dangling: the rules say so
      const from = owner(p.offset);
      if (target.unit === undefined) {
        // In the header, which every part has: the skeleton owns it, and must know who points at it.
        if (from !== 0) pointed[0]!.add(p.id);
        continue;
      }
      const to = owner(target.offset);
      if (from === to) continue;
      // The skeleton sketches each unit with its start tag: a pointer to a unit itself resolves there.
      if (from === 0 && members.some((m) => m.start <= target.offset && target.offset < m.tagEnd)) continue;
      targets[from]![p.id] = target.unit;
      pointed[to]!.add(p.id);
      if (target.record && !records[from]!.has(p.id)) records[from]!.set(p.id, recordXml(this.source.text, target.record)(`#${p.id}`));
    }

    // The pages before and after a part's pages are named in its pages: their headings count in its hash.
    const { units } = this.outline;
    const index = new Map(units.map((u, i) => [u.id, i]));
    const headAt = (i: number) => units[i]?.head ?? '';

    const supplement = (k: number) => [...records[k]!].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, xml]) => xml).join('');
    const parts: Part[] = [this.skeleton(targets[0]!, [...pointed[0]!].sort(), headAt(0), supplement(0))];
    groups.forEach((group, k) => {
      const first = index.get(members[group[0]!]!.id)!;
      const next = members[group[group.length - 1]! + 1];
      const last = (next ? index.get(next.id)! : units.length) - 1;
      parts.push(this.unitPart(group, targets[k + 1]!, [...pointed[k + 1]!].sort(), `${headAt(first - 1)}\u0000${headAt(last + 1)}`, supplement(k + 1)));
    });
    return { parts, diagnostics };
  }

  /** Consecutive members, about `budget` characters each; a boundary falls where a unit's id says, so that an edit moves few of them. */
  private groups(): number[][] {
    const groups: number[][] = [];
    let current: number[] = [];
    let size = 0;
    this.outline.members.forEach((m, i) => {
      current.push(i);
      size += m.end - m.start;
      if (size >= this.budget || (size >= this.budget / 4 && hash(m.id).charCodeAt(0) % 4 === 0)) {
        groups.push(current);
        current = [];
        size = 0;
      }
    });
    if (current.length) groups.push(current);
    return groups;
  }

  /** Whether some part holds both places (the header is in every part, a unit's start tag also in the skeleton). */
  private seenTogether(a: number, b: number, partOf: number[]): boolean {
    const inHeader = (o: number) => o < this.outline.textStart;
    if (inHeader(a) || inHeader(b)) return true;
    const parts = (o: number) => {
      const m = this.memberAt(o);
      if (m === -1) return [0];
      return o < this.outline.members[m]!.tagEnd ? [0, partOf[m]!] : [partOf[m]!];
    };
    const inB = parts(b);
    return parts(a).some((p) => inB.includes(p));
  }

  /** The whole text with each outermost unit cut to its start tag, its headings and its last page break. */
  private skeleton(targets: Record<string, string>, pointedElsewhere: string[], firstUnitHead: string, records: string): Part {
    const text = new PartText(this.source.text);
    let at = 0;
    for (const m of this.outline.members) {
      if (m.tagEnd === m.end) continue; // an empty unit is its own sketch
      text.copy(at, m.tagEnd);
      for (const h of m.heads) text.copy(h.start, h.end);
      if (m.lastPage) text.copy(m.lastPage.start, m.lastPage.end);
      text.write(`</${m.qname}>`);
      at = m.end;
    }
    text.copy(at, this.source.text.length);
    const members = this.outline.members;
    const keep = (offset: number) => {
      const m = this.memberAt(offset);
      return m === -1 || offset < members[m]!.tagEnd;
    };
    return this.part(text, ['#text'], targets, pointedElsewhere, records, false, '#text', keep, (path) => path, firstUnitHead);
  }

  /** Some outermost units whole, each inside the start tags of the divisions around it, with the page break in force before it. */
  private unitPart(group: number[], targets: Record<string, string>, pointedElsewhere: string[], neighbours: string, records: string): Part {
    const members = group.map((i) => this.outline.members[i]!);
    const text = new PartText(this.source.text);
    text.copy(0, this.outline.textStart);
    const open: { tag: Tag; path: string; counts: Map<string, number> }[] = [];
    const root = { counts: new Map<string, number>(), path: '/TEI[1]/text[1]' };
    const paths: [string, string][] = []; // part path → volume path
    let covered = -1; // the end of the last member copied
    for (const m of members) {
      // Close what this member is not inside, open what it is.
      let keepOpen = 0;
      while (keepOpen < open.length && keepOpen < m.shell.length && open[keepOpen]!.tag.start === m.shell[keepOpen]!.start) keepOpen++;
      while (open.length > keepOpen) text.write(`</${open.pop()!.tag.qname}>`);
      for (let d = keepOpen; d < m.shell.length; d++) {
        const tag = m.shell[d]!;
        const parent = open[open.length - 1] ?? root;
        text.copy(tag.start, tag.tagEnd);
        const path = `${parent.path}/${childStep(parent.counts, tag)}`;
        paths.push([path, tag.path]);
        open.push({ tag, path, counts: new Map() });
      }
      const parent = open[open.length - 1] ?? root;
      if (m.pageBefore && m.pageBefore.start >= covered) {
        text.copy(m.pageBefore.start, m.pageBefore.end);
        childStep(parent.counts, { qname: 'pb' });
      }
      text.copy(m.start, m.end);
      paths.push([`${parent.path}/${childStep(parent.counts, m)}`, m.path]);
      covered = m.end;
    }
    while (open.length) text.write(`</${open.pop()!.tag.qname}>`);
    text.copy(this.outline.textEnd, this.source.text.length);
    const keep = (offset: number) => members.some((m) => m.start <= offset && offset < m.end);
    // The deepest element of the part that holds the node: its path in the volume, then the rest.
    const toVolume = (path: string) => {
      let best: [string, string] | undefined;
      for (const entry of paths) {
        if ((path === entry[0] || path.startsWith(entry[0] + '/')) && (!best || entry[0].length > best[0].length)) best = entry;
      }
      return best ? best[1] + path.slice(best[0].length) : path;
    };
    // Every unit here is whole (the divisions around them are not units): all their pages are made here.
    return this.part(text, [], targets, pointedElsewhere, records, members[0]!.textBefore, members[0]!.id, keep, toVolume, neighbours);
  }

  private part(plan: PartText, produce: string[], targets: Record<string, string>, pointedElsewhere: string[], records: string, textBegun: boolean, key: string, keep: (offset: number) => boolean, toVolume: (path: string) => string, neighbours: string): Part {
    const sortedTargets = sortedKeys(targets);
    return {
      produce,
      targets: sortedTargets,
      pointedElsewhere,
      reached: [],
      documents: [],
      records,
      textBegun,
      key,
      hash: plan.hash(JSON.stringify([produce, sortedTargets, pointedElsewhere, textBegun]), neighbours, records),
      size: plan.length,
      open: () => this.open(plan, keep, toVolume),
    };
  }

  private open(plan: PartText, keep: (offset: number) => boolean, toVolume: (path: string) => string): OpenPart {
    const { text, segments } = plan.make();
    let partLines: LineIndex | undefined;
    const toOffset = (offset: number): number | undefined => {
      let low = 0;
      let high = segments.length - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const s = segments[mid]!;
        if (offset < s.at) high = mid - 1;
        else if (offset >= s.at + s.length) low = mid + 1;
        else return s.from + (offset - s.at);
      }
      return undefined;
    };
    const place = (d: Diagnostic): Diagnostic | undefined => {
      if (d.line === 0) return d;
      partLines ??= new LineIndex(text);
      const offset = toOffset(partLines.lineStart(d.line) + d.column - 1);
      if (offset === undefined || !keep(offset)) return undefined;
      return { ...d, ...this.lines.positionAt(offset), ...(d.xpath ? { xpath: toVolume(d.xpath) } : {}) };
    };
    return { source: { file: this.source.file, text }, place };
  }
}

/** The next position among same-named children of a part's element. */
function childStep(counts: Map<string, number>, tag: { qname: string }): string {
  const local = tag.qname.includes(':') ? tag.qname.slice(tag.qname.indexOf(':') + 1) : tag.qname;
  const n = (counts.get(local) ?? 0) + 1;
  counts.set(local, n);
  return `${local}[${n}]`;
}

// ============ one unit alone (the preview) ============

/**
 * A document's outline, kept between saves by the preview (src/preview/): where each unit
 * stands, so that an edit inside one unit can be cut out and transformed alone.
 */
export type DocumentOutline = Outline;
export type { OutlineUnit };

/** The outline of a well-formed document, its xml:ids indexed; undefined when it has no <text>, or units where none can be cut at. */
export function outlineDocument(text: string): DocumentOutline | undefined {
  const outline = scan(text);
  if (outline) firstDefinitions(outline);
  return outline;
}

/** The innermost unit whose content (between its start and end tags) holds the characters [from, to) of the outlined text. */
export function unitHolding(outline: DocumentOutline, from: number, to: number): OutlineUnit | undefined {
  let found: OutlineUnit | undefined;
  // Units are in document order, a unit after those around it: the last that holds the span is the innermost.
  for (const unit of outline.units) {
    if (unit.offset >= from) break;
    if (unit.tagEnd <= from && to <= unit.contentEnd) found = unit;
  }
  return found;
}

/** An edit of a text: [start, end) replaced by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** One unit cut out of an edited document, to be transformed alone. */
export interface UnitCut {
  /** A TEI document: the header, the start tags around the unit, the page in force, the unit as edited, the end of the text. */
  source: Source;
  /** What the cut cannot see, as a part's: it makes the unit's page, and only that. */
  context: Pick<Part, 'produce' | 'targets' | 'pointedElsewhere' | 'textBegun'>;
  /** Why the unit's page from the cut may differ from the one its part makes, if it may. */
  differs?: string;
}

/**
 * Cut a unit out of a document as an edit inside the unit's content leaves it: `before` is the
 * document before the edit, `outline` its outline. All but the unit is as it was, so the cut is
 * made of the text before the edit and the edit (a large text is never copied whole). The cut is
 * undefined when it is not well-formed: the unit as edited is not (the whole file, checked, says
 * where). When it is, so is the edited document, whose other text was well-formed before.
 */
export function cutAround(before: Source, outline: DocumentOutline, unit: OutlineUnit, edit: Edit): UnitCut | undefined {
  const { text } = before;
  const own = text.slice(unit.offset, edit.start) + edit.text + text.slice(edit.end, unit.end);
  const cut = [
    text.slice(0, outline.textStart),
    ...unit.shell.map((tag) => text.slice(tag.start, tag.tagEnd)),
    unit.pageBefore ? text.slice(unit.pageBefore.start, unit.pageBefore.end) : '',
    own,
    ...unit.shell.map((tag) => `</${tag.qname}>`).reverse(),
    text.slice(outline.textEnd),
  ].join('');
  const checked = checkText({ file: before.file, text: cut });
  if (!checked.source) return undefined;
  const seen = scan(checked.source.text);
  if (!seen) return undefined;

  // Pointers to what the cut does not hold lead to the page of the unit that shows it, as from a part.
  const inCut = new Set(seen.definitions.map((d) => d.id));
  const targets: Record<string, string> = {};
  let recordElsewhere = false;
  for (const { id } of seen.pointers) {
    const target = inCut.has(id) ? undefined : definitionOutside(outline, unit, id);
    if (target?.unit === undefined) continue;
    targets[id] = target.unit;
    if (target.record) recordElsewhere = true;
  }
  const sorted = Object.fromEntries(Object.entries(targets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    source: checked.source,
    context: { produce: [unit.id], targets: sorted, pointedElsewhere: [], textBegun: unit.textBefore },
    differs: recordElsewhere ? 'it names a record that stands in the text outside the unit' : unseenCounts(text, outline, unit, own),
  };
}

const indexed = new WeakMap<Outline, Map<string, Definition>>();

/** An outline's first definition of each xml:id (made once). */
function firstDefinitions(outline: Outline): Map<string, Definition> {
  let first = indexed.get(outline);
  if (!first) {
    first = new Map();
    for (const d of outline.definitions) if (!first.has(d.id)) first.set(d.id, d);
    indexed.set(outline, first);
  }
  return first;
}

/** Where an xml:id is defined outside a unit (the first definition, as a part resolves it). */
function definitionOutside(outline: Outline, unit: OutlineUnit, id: string): Definition | undefined {
  const outside = (d: Definition) => d.offset < unit.offset || d.offset >= unit.end;
  const found = firstDefinitions(outline).get(id);
  // An id defined twice, first in the unit: the rule checks say so; here, the next one.
  return !found || outside(found) ? found : outline.definitions.find((d) => d.id === id && outside(d));
}

/**
 * What a run counts through the document it reads, where a part reads more before the unit than
 * the cut: footnotes without a number or an xml:id are numbered by their place, apparatus entries
 * are numbered, a page break without an xml:id is named by how often its number came before, and
 * text before the first page break stands on the page before the next one.
 */
function unseenCounts(text: string, outline: Outline, unit: OutlineUnit, own: string): string | undefined {
  const inUnit = [...startTags(own, 0, own.length)];
  const before = (test: (tag: NamedTag) => boolean) => {
    for (const tag of startTags(text, outline.textStart, unit.offset)) if (test(tag)) return true;
    return false;
  };
  const has = (tag: StartTag, name: string) => tag.attributes.some((a) => a.name === name);
  const value = (tag: StartTag, name: string) => tag.attributes.find((a) => a.name === name)?.value;
  const footnote = (tag: NamedTag) => tag.local === 'note' && !(value(tag, 'place') === 'inline' || value(tag, 'rend') === 'inline' || (value(tag, 'type') === 'source' && !has(tag, 'n')));
  if (inUnit.some((t) => footnote(t) && !(has(t, 'n') && has(t, 'xml:id'))) && before(footnote)) {
    return 'a footnote without a number or an xml:id is numbered by the notes before it';
  }
  if (inUnit.some((t) => t.local === 'app') && before((t) => t.local === 'app')) return 'apparatus entries are numbered through the document';
  const pages = inUnit.filter((t) => t.local === 'pb');
  const inForce = unit.pageBefore ? readStartTag(text, unit.pageBefore.start) : undefined;
  if ([...pages, inForce].some((t) => t && !has(t, 'xml:id')) && before((t) => t.local === 'pb' && t.start !== unit.pageBefore?.start)) {
    return 'a page break without an xml:id is named by the page breaks before it';
  }
  if (!inForce && pages.length === 0 && !startTags(text, unit.end, outline.textEnd, 'pb').next().done) {
    return 'its text stands before the first page break, on the page before the next one, which the cut does not hold';
  }
  return undefined;
}

type NamedTag = StartTag & { local: string; start: number };

/** The start tags of notes, apparatus entries and page breaks in [from, to) (in comments too: what may count, counts). */
function* startTags(text: string, from: number, to: number, only = 'note|app|pb'): Generator<NamedTag> {
  const pattern = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?(${only})(?=[\\s/>])`, 'g');
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m && m.index < to; m = pattern.exec(text)) yield { ...readStartTag(text, m.index), local: m[1]!, start: m.index };
}
