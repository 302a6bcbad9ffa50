import type { AuthorityRecord } from './authority.js';
import type { TagDocument } from './document.js';
import type { Proposal } from './propose.js';
import { readStartTag } from '../load/elements.js';
import { childElements, isTei, teiPrefix, type XElement } from './tree.js';

/**
 * Proposals written into the source by offsets: each wrapped stretch gets its start and end tag
 * where it stands, and nothing else of the text changes (whitespace, references, comments). The
 * `resp` of every proposal points at a respStmt that is added to the titleStmt once, and a record
 * from outside the document is copied into its standOff, so that every pointer resolves.
 */
export const RESP_ID = 'editio-tag';

export interface Insertion {
  /** Where in the original text. */
  at: number;
  text: string;
  /** The element whose content it changes. */
  parent: XElement;
  /** What put it there: a proposal, the respStmt, a record copied in, or the list or standOff around copied records. */
  owner: Owner;
}

export type Owner = { proposal: Proposal } | { record: AuthorityRecord } | 'resp' | 'structure';

export interface Applied {
  text: string;
  insertions: Insertion[];
}

/** A cert value of the profile for a confidence. */
export function certOf(confidence: number): 'high' | 'medium' | 'low' {
  return confidence >= 0.9 ? 'high' : confidence >= 0.75 ? 'medium' : 'low';
}

/** Elements whose content admits phrases only, where an archival citation cannot stand as a bibl (TEI's macro.phraseSeq). */
const PHRASES_ONLY = new Set([
  'dateline', 'foreign', 'term', 'gloss', 'num', 'label', 'language', 'creation', 'change', 'author', 'editor', 'publisher',
  'pubPlace', 'biblScope', 'birth', 'death', 'occupation', 'affiliation', 'persName', 'placeName', 'orgName', 'name',
  'roleName', 'rs', 'date', 'abbr', 'expan', 'witness', 'bibl', 'licence', 'resp',
]);

const conventions = new WeakMap<TagDocument, 'ref' | 'corresp' | undefined>();

/** How a document points at records: as it already does (FRUS volumes use @corresp), else @corresp into a FRUS persons list and @ref to a record. */
export function pointerAttribute(doc: TagDocument, record: AuthorityRecord): 'ref' | 'corresp' {
  if (!conventions.has(doc)) {
    let ref = 0;
    let corresp = 0;
    for (const e of doc.elements) {
      if (!isTei(e) || !['persName', 'placeName', 'orgName', 'rs', 'name'].includes(e.name)) continue;
      if (e.attributes.get('ref')?.startsWith('#')) ref++;
      if (e.attributes.get('corresp')?.startsWith('#')) corresp++;
    }
    conventions.set(doc, ref === corresp ? undefined : ref > corresp ? 'ref' : 'corresp');
  }
  return conventions.get(doc) ?? (record.shape === 'frus-list' ? 'corresp' : 'ref');
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The tags of one proposal. */
function tags(p: Proposal, pointer: 'ref' | 'corresp' | undefined): { open: string; close: string } {
  const prefix = teiPrefix(p.parent);
  const attributes: [string, string][] = [...p.attributes];
  if (p.record && pointer) attributes.splice(p.element === 'rs' ? 1 : 0, 0, [pointer, `#${p.record.id}`]);
  attributes.push(['cert', certOf(p.confidence)], ['resp', `#${RESP_ID}`]);
  const open = `<${prefix}${p.element}${attributes.map(([n, v]) => ` ${n}="${escapeAttribute(v)}"`).join('')}>`;
  const close = `</${prefix}${p.element}>`;
  const archival = p.element === 'idno' && !(isTei(p.parent) && PHRASES_ONLY.has(p.parent.name));
  return archival ? { open: `<${prefix}bibl type="archival">${open}`, close: `${close}</${prefix}bibl>` } : { open, close };
}

/** Apply proposals (properly nested or apart), declare `resp`, and copy in the records they point to from elsewhere. */
export function applyProposals(doc: TagDocument, proposals: readonly Proposal[], imported: readonly AuthorityRecord[]): Applied {
  const insertions: Insertion[] = [];
  const pointers = new Map<AuthorityRecord, 'ref' | 'corresp'>();
  const pointer = (record: AuthorityRecord | undefined) => {
    if (!record) return undefined;
    if (!pointers.has(record)) pointers.set(record, pointerAttribute(doc, record));
    return pointers.get(record);
  };
  // At one offset, what closes comes before what opens; the inner closes first and the outer opens first.
  const events = proposals.flatMap((p) => {
    const { open, close } = tags(p, pointer(p.record));
    const length = p.end - p.start;
    return [{ at: p.start, rank: 1 / length, text: open, owner: p }, { at: p.end, rank: -1 / length, text: close, owner: p }];
  });
  events.sort((a, b) => a.at - b.at || a.rank - b.rank);
  for (const e of events) insertions.push({ at: e.at, text: e.text, owner: { proposal: e.owner }, parent: e.owner.parent });
  if (proposals.length > 0) insertions.push(...declareResp(doc));
  insertions.push(...copyRecords(doc, imported));
  insertions.sort((a, b) => a.at - b.at); // stable: insertions at one offset keep their order
  let text = '';
  let last = 0;
  for (const i of insertions) {
    text += doc.text.slice(last, i.at) + i.text;
    last = i.at;
  }
  return { text: text + doc.text.slice(last), insertions };
}

/** The indentation of the line an element starts on. */
function indentOf(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, at))![0];
  return indent;
}

/** A respStmt in the titleStmt that `resp="#editio-tag"` points at, unless the document has one. */
function declareResp(doc: TagDocument): Insertion[] {
  if (doc.ids.has(RESP_ID)) return [];
  const titleStmt = doc.elements.find((e) => isTei(e, 'titleStmt'));
  if (!titleStmt) return [];
  const last = childElements(titleStmt).at(-1);
  const prefix = teiPrefix(titleStmt);
  const statement = `<${prefix}respStmt xml:id="${RESP_ID}"><${prefix}resp>markup proposed by editio tag, for an editor to review (cert says how sure)</${prefix}resp><${prefix}name>editio tag</${prefix}name></${prefix}respStmt>`;
  if (!last) return [{ at: titleStmt.closeStart, text: statement, owner: 'resp', parent: titleStmt }];
  return [{ at: last.end, text: `\n${indentOf(doc.text, last.start)}${statement}`, owner: 'resp', parent: titleStmt }];
}

const LISTS = { person: 'listPerson', place: 'listPlace', organisation: 'listOrg' } as const;

/** Records from elsewhere, copied into the standOff (into its list of their kind, or a new one), marked as editio's. */
function copyRecords(doc: TagDocument, records: readonly AuthorityRecord[]): Insertion[] {
  if (records.length === 0) return [];
  const insertions: Insertion[] = [];
  const standOff = childElements(doc.root, 'standOff')[0];
  const header = childElements(doc.root, 'teiHeader')[0];
  if (!standOff && !header) return [];
  const base = indentOf(doc.text, (standOff ?? header)!.start);
  const step = base.length > 0 ? base : '  ';
  const prefix = teiPrefix((standOff ?? header)!);
  // A new standOff goes after the header; new lists at the end of the standOff.
  const at = standOff ? (childElements(standOff).at(-1)?.end ?? standOff.closeStart) : header!.end;
  const structure = (text: string) => insertions.push({ at, text, owner: 'structure', parent: standOff ?? doc.root });
  let opened = false;
  for (const kind of ['person', 'place', 'organisation'] as const) {
    const mine = records.filter((r) => r.kind === kind);
    if (mine.length === 0) continue;
    const list = standOff && childElements(standOff, LISTS[kind])[0];
    if (list) {
      const last = childElements(list).at(-1);
      const indent = last ? indentOf(doc.text, last.start) : indentOf(doc.text, list.start) + step;
      for (const r of mine) insertions.push({ at: last ? last.end : list.closeStart, text: `\n${indent}${recordText(r, indent, step, teiPrefix(list))}`, owner: { record: r }, parent: list });
      continue;
    }
    if (!standOff && !opened) {
      structure(`\n${base}<${prefix}standOff>`);
      opened = true;
    }
    const indent = base + step;
    structure(`\n${indent}<${prefix}${LISTS[kind]}>`);
    for (const r of mine) insertions.push({ at, text: `\n${indent}${step}${recordText(r, indent + step, step, prefix)}`, owner: { record: r }, parent: standOff ?? doc.root });
    structure(`\n${indent}</${prefix}${LISTS[kind]}>`);
  }
  if (opened) structure(`\n${base}</${prefix}standOff>`);
  return insertions;
}

/**
 * A record as it will stand in the document: a TEI record as written in its file (its lines
 * indented to their new place) with resp added; a name of a FRUS persons list, or a record whose
 * pointers would lead nowhere here, as a person, place or org of its names and roles.
 */
export function recordText(record: AuthorityRecord, indent: string, step: string, prefix: string): string {
  const e = record.element;
  const own = record.text.slice(e.start, e.end);
  if (record.shape === 'tei' && !/\s(?:ref|corresp|target|who|sameAs|source|resp)="#/.test(own) && !/<\/?[\w-]+:/.test(own) && teiPrefix(e) === prefix) {
    // Its lines keep their indentation relative to its start tag's.
    const lines = own.split('\n');
    const from = indentOf(record.text, e.start).length;
    const moved = [lines[0]!, ...lines.slice(1).map((l) => (l.trim() ? indent + l.slice(Math.min(from, /^[ \t]*/.exec(l)![0].length)) : l))].join('\n');
    if (e.attributes.has('resp')) return moved;
    const start = readStartTag(moved, 0);
    const at = start.selfClosing ? moved.lastIndexOf('/', start.end) : start.end - 1;
    return `${moved.slice(0, at).trimEnd()} resp="#${RESP_ID}"${moved.slice(at)}`;
  }
  const open = (name: string) => `<${prefix}${name}>`;
  const close = (name: string) => `</${prefix}${name}>`;
  const inner = indent + step;
  const lines: string[] = [];
  if (record.kind === 'person') {
    for (const name of record.persons) {
      const parts = [
        name.forenames.length ? `${open('forename')}${escapeText(name.forenames.join(' '))}${close('forename')}` : '',
        name.surnames.length ? `${open('surname')}${escapeText(name.surnames.join(' '))}${close('surname')}` : '',
        name.suffix ? `${open('genName')}${escapeText(name.suffix)}${close('genName')}` : '',
      ].filter(Boolean);
      lines.push(`${inner}${open('persName')}${parts.join(' ')}${close('persName')}`);
    }
    for (const role of record.roles) lines.push(`${inner}${open('occupation')}${escapeText(role.text)}${close('occupation')}`);
  } else {
    const name = record.kind === 'place' ? 'placeName' : 'orgName';
    for (const n of record.names) lines.push(`${inner}${open(name)}${escapeText(n)}${close(name)}`);
  }
  lines.push(`${inner}${open('note')}Copied by editio tag from ${escapeText(record.file.split(/[\\/]/).pop()!)}.${close('note')}`);
  const element = record.kind === 'person' ? 'person' : record.kind === 'place' ? 'place' : 'org';
  return `<${prefix}${element} xml:id="${escapeAttribute(record.id)}" resp="#${RESP_ID}">\n${lines.join('\n')}\n${indent}</${prefix}${element}>`;
}
