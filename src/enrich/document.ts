import type { Source } from '../load/source.js';
import { closest, decodeWithOffsets, descendants, isTei, itemAt, parseTree, textOf, type XElement, type XText } from './tree.js';

/** What a proposal marks. */
export type Kind = 'date' | 'file' | 'person' | 'place' | 'organisation';

export const KINDS: readonly Kind[] = ['date', 'file', 'person', 'place', 'organisation'];

/**
 * A document as enrich reads it: its tree with offsets and its text in blocks (a paragraph, a
 * heading, a note, a dateline), each the decoded text of its own text nodes in reading order,
 * with, for every stretch, the kinds of markup that may be proposed there.
 */
export interface TagDocument {
  file: string;
  text: string;
  root: XElement;
  /** Every element, the root first, in document order. */
  elements: XElement[];
  /** Elements by xml:id (the first of each). */
  ids: Map<string, XElement>;
  blocks: Block[];
  /** The year the volume is about, when its header names one (a FRUS sub-series "1944"). */
  volumeYear?: number;
}

export interface Block {
  element: XElement;
  /** The nearest enclosing division (or the text), for what a document says earlier. */
  unit: XElement;
  text: string;
  segments: Segment[];
  /** Names already marked in it with a pointer (persName ref="#…"), in order. */
  names: XElement[];
}

export interface Segment {
  /** [from, to) in the block's text. */
  from: number;
  to: number;
  node: XText;
  /** Source offset of each character when the slice holds references; else node.start + i. */
  offsets?: number[];
  /** The kinds that may be proposed in it. */
  allowed: ReadonlySet<Kind>;
}

/** Elements whose text is never tagged: what is marked already, what is not the edition's text, and what cites rather than says. */
const NO_TOUCH = new Set([
  'teiHeader', 'standOff', 'persName', 'placeName', 'orgName', 'rs', 'name', 'date', 'idno', 'title', 'term', 'gloss',
  'num', 'foreign', 'ref', 'ptr', 'choice', 'app', 'subst', 'del', 'gap', 'fw', 'figDesc', 'desc', 'abbr', 'sic', 'orig',
  'forename', 'surname', 'addName', 'genName', 'roleName', 'label', 'listWit', 'witness', 'bibl', 'biblStruct',
]);

/** Elements that read as a block of their own (their text is not part of the enclosing block's). */
const BLOCKS = new Set([
  'p', 'ab', 'head', 'note', 'item', 'cell', 'l', 'dateline', 'salute', 'signed', 'opener', 'closer', 'docDate', 'byline',
  'trailer', 'label', 'postscript', 'figure', 'list', 'table', 'row', 'lg', 'div', 'body', 'front', 'back', 'text',
]);

const NAMES = new Set(['persName', 'placeName', 'orgName', 'rs', 'name']);
const ALL: ReadonlySet<Kind> = new Set(KINDS);
const NONE: ReadonlySet<Kind> = new Set();

/** What may be proposed inside an element, given what may be proposed around it. */
function allowedIn(e: XElement, around: ReadonlySet<Kind>): ReadonlySet<Kind> {
  if (!isTei(e) || around.size === 0) return around;
  // A FRUS persons or terms list is the authority itself, not text to tag.
  if (e.name === 'list' && e.attributes.get('type') === 'names') return NONE;
  if (e.name === 'div' && e.attributes.get('subtype') === 'index') return NONE;
  // An archival citation whose number is not marked yet.
  if (e.name === 'bibl' && e.attributes.get('type') === 'archival' && descendants(e, 'idno').length === 0) return around.has('file') ? new Set(['file']) : NONE;
  // An office may name a place or an organisation ("Ambassador in Bolivia"), not a person or a date.
  if (e.name === 'roleName') return new Set([...around].filter((k) => k === 'place' || k === 'organisation'));
  return NO_TOUCH.has(e.name) ? NONE : around;
}

export function readDocument(source: Source): TagDocument {
  const root = parseTree(source.text);
  const blocks: Block[] = [];
  const unitOf = (e: XElement) => closest(e, (a) => isTei(a, 'div') || isTei(a, 'text')) ?? root;
  const walk = (e: XElement, block: Block | undefined, allowed: ReadonlySet<Kind>) => {
    for (const c of e.children) {
      if (c.kind === 'element') {
        let inner = block;
        if (!block || (isTei(c) && BLOCKS.has(c.name))) {
          inner = { element: c, unit: unitOf(c), text: '', segments: [], names: [] };
          blocks.push(inner);
        } else if (isTei(c, 'lb')) block.text += ' ';
        if (isTei(c) && NAMES.has(c.name) && (c.attributes.has('ref') || c.attributes.has('corresp'))) inner!.names.push(c);
        walk(c, inner, allowedIn(c, allowed));
      } else if (c.kind === 'text' && block) {
        const { value, offsets } = decodeWithOffsets(source.text, c.start, c.end);
        const from = block.text.length;
        block.text += value;
        block.segments.push({ from, to: block.text.length, node: c, offsets, allowed });
      }
    }
  };
  walk(root, undefined, allowedIn(root, ALL));
  const elements = [root, ...descendants(root)];
  const ids = new Map<string, XElement>();
  for (const e of elements) {
    const id = e.attributes.get('xml:id');
    if (id !== undefined && !ids.has(id)) ids.set(id, e);
  }
  const subSeries = elements.find((t) => isTei(t, 'title') && t.attributes.get('type') === 'sub-series' && closest(t, (a) => isTei(a, 'teiHeader')));
  const year = subSeries && /^\s*(\d{4})\s*$/.exec(textOf(source.text, subSeries));
  return { file: source.file, text: source.text, root, elements, ids, blocks: blocks.filter((b) => b.text.trim() !== ''), volumeYear: year ? Number(year[1]) : undefined };
}

/** Source offsets of [from, to) of a block's text, when the stretch lies in one segment that allows `kind`. */
export function sourceSpan(block: Block, from: number, to: number, kind: Kind): { start: number; end: number; segment: Segment } | undefined {
  const segment = segmentAt(block, from);
  if (!segment || to > segment.to || !segment.allowed.has(kind)) return undefined;
  const at = (i: number) => (segment.offsets ? segment.offsets[i - segment.from]! : segment.node.start + (i - segment.from));
  return { start: at(from), end: at(to), segment };
}

/** The segment holding a character of the block's text. */
export function segmentAt(block: Block, index: number): Segment | undefined {
  return itemAt(block.segments, index, (s) => s.from, (s) => s.to);
}
