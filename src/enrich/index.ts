import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { listInputs, loadListed, type Input } from '../load/inputs.js';
import { LineIndex } from '../load/position.js';
import type { Source } from '../load/source.js';
import { finish } from '../validate/index.js';
import { writeFileAtomic } from '../write/atomic.js';
import { loadAuthorities, readRecords, type AuthorityRecord } from './authority.js';
import { certOf, pointerAttribute } from './apply.js';
import { keepValid } from './check.js';
import { unifiedDiff } from './diff.js';
import { Validity } from './validity.js';
import { readDocument, type Kind, type TagDocument } from './document.js';
import { Gazetteer } from './names.js';
import { propose, type Proposal } from './propose.js';
import { DEFAULT_MIN_CONFIDENCE } from './confidence.js';

/**
 * The enrich stage (`editio tag`): markup proposed where the encoding has none (dates, decimal
 * file numbers, persons, places and organisations from authority records), each with its
 * evidence and a confidence, shown as a unified diff of the source or written into it. It is
 * the one way back to the source: it never touches an output folder, and no other stage calls it.
 */
export interface TagOptions {
  /** Files of authority records (listPerson, listPlace, listOrg, FRUS persons lists). */
  authority?: readonly string[];
  /** Proposals below this confidence are reported, not applied (default 0.8). */
  minConfidence?: number;
  /** Write the proposals into the files (default: only report them and the diff); a text given in memory is never written. */
  write?: boolean;
  /** The RelaxNG schema the result must stay valid against (default: editio's profile). */
  schema?: string;
  /** Report file names relative to this folder. */
  cwd?: string;
}

export { DEFAULT_MIN_CONFIDENCE } from './confidence.js';

export type ProposalStatus = 'applied' | 'below-threshold' | 'invalid' | 'conflict';

export interface TagProposal {
  line: number;
  column: number;
  /** Offsets in the source text (UTF-16 code units) of the words it marks. */
  start: number;
  end: number;
  kind: Kind;
  element: string;
  /** The words it marks, as printed. */
  text: string;
  /** The markup's attributes (pointer, dates, type, n), without cert and resp. */
  attributes: Record<string, string>;
  /** The record it points to. */
  record?: string;
  confidence: number;
  cert: 'high' | 'medium' | 'low';
  evidence: string;
  status: ProposalStatus;
  /** Why it was not applied, when it would have broken validity or its record's id is taken. */
  reason?: string;
}

export interface TaggedDocument {
  file: string;
  proposals: TagProposal[];
  applied: number;
  belowThreshold: number;
  /** Dropped because the document would not have stayed valid with them. */
  invalid: number;
  /** Records copied into the document's standOff from other files. */
  imported: string[];
  /** A unified diff of the source: what --write writes ('' when nothing changes). */
  diff: string;
  written: boolean;
}

export interface TagReport {
  documents: TaggedDocument[];
  /** Input that could not be used: missing or malformed files, authority ids used twice. */
  diagnostics: Diagnostic[];
}

/**
 * Propose markup for TEI documents. Authority problems stop everything before any document is
 * read (nothing is written); a document that cannot be read safely is reported and left alone,
 * and the others are still tagged.
 */
export async function tag(input: Input, options: TagOptions = {}): Promise<TagReport> {
  const minimum = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const authorities = await loadAuthorities(options.authority ?? []);
  if (authorities.diagnostics.length > 0) return { documents: [], diagnostics: finish(authorities.diagnostics, options.cwd) };
  const listed = await listInputs(input);
  const loaded = await loadListed(listed.items);
  const diagnostics = [...listed.diagnostics, ...loaded.diagnostics.filter((d) => d.severity === 'error')];
  // A document with a problem at loading (a DOCTYPE blanked out, a wrong encoding declaration) is not written back.
  const refused = new Set(diagnostics.map((d) => d.file));
  const sources = loaded.sources.filter((s) => !refused.has(s.file));
  const validity = new Validity(options.schema);
  const documents = sources.map((s) => ({ source: s, doc: readDocument(s) }));
  // The edition's own records: those of every document tagged together, then the authority files.
  const edition = documents.flatMap(({ source, doc }) => readRecords(source, doc.root));
  // A text given in memory has no file to write back to: its diff says what would change.
  const inMemory = new Set(listed.items.flatMap((i) => ('text' in i ? [i.file] : [])));
  const tagged: TaggedDocument[] = [];
  for (const { source, doc } of documents) {
    const write = options.write === true && !inMemory.has(source.file);
    tagged.push(await tagDocument(source, doc, [...edition, ...authorities.records], minimum, validity, { ...options, write }));
  }
  return { documents: tagged.map((t) => ({ ...t, file: display(t.file, options.cwd) })), diagnostics: finish(diagnostics, options.cwd) };
}

/** A file name relative to `cwd` when it lies inside it, as validate reports it. */
function display(file: string, cwd?: string): string {
  const rel = cwd ? relative(cwd, resolve(file)) : file;
  return !cwd || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

async function tagDocument(source: Source, doc: TagDocument, pool: readonly AuthorityRecord[], minimum: number, validity: Validity, options: TagOptions): Promise<TaggedDocument> {
  // The document's own records first, then the others; one record per id.
  const own = readRecords(source, doc.root);
  const byId = new Map<string, AuthorityRecord>();
  for (const r of [...own, ...pool]) if (!byId.has(r.id)) byId.set(r.id, r);
  const ids = doc.ids;
  const proposals = propose(doc, new Gazetteer([...byId.values()]));
  const local = (r: AuthorityRecord) => r.file === source.file && r.text === source.text;
  const status = new Map<Proposal, { status: ProposalStatus; reason?: string }>();
  const accepted: Proposal[] = [];
  for (const p of proposals) {
    if (p.confidence < minimum) status.set(p, { status: 'below-threshold' });
    // A record from elsewhere whose id the document uses for something else cannot be pointed at.
    else if (p.record && !local(p.record) && ids.has(p.record.id)) status.set(p, { status: 'conflict', reason: `the document already uses xml:id "${p.record.id}" for a ${ids.get(p.record.id)!.name}` });
    else accepted.push(p);
  }
  const importable = (kept: readonly Proposal[]) => [...new Set(kept.map((p) => p.record).filter((r): r is AuthorityRecord => !!r && !local(r)))];
  const apart = nested(accepted);
  const standing = new Set(apart);
  for (const p of accepted) if (!standing.has(p)) status.set(p, { status: 'conflict', reason: 'it crosses a surer proposal' });
  const checked = await keepValid(doc, apart, { schema: options.schema, validity, importable });
  for (const [p, error] of checked.invalid) status.set(p, { status: 'invalid', reason: `the document would not stay valid: ${error.rule} at ${error.line}:${error.column} of the tagged text: ${error.message}` });
  for (const p of checked.kept) status.set(p, { status: 'applied' });
  const text = checked.applied.text;
  const changed = text !== source.text;
  let written = false;
  if (options.write && changed) {
    writeFileAtomic(source.file, encodeLike(source.file, text));
    written = true;
  }
  const lines = new LineIndex(source.text);
  return {
    file: source.file,
    proposals: proposals.map((p) => ({
      ...lines.positionAt(p.start), start: p.start, end: p.end, kind: p.kind, element: p.element, text: p.printed,
      attributes: Object.fromEntries([...(p.record ? [[pointerAttribute(doc, p.record), `#${p.record.id}`]] : []), ...p.attributes]),
      ...(p.record ? { record: p.record.id } : {}),
      confidence: Math.round(p.confidence * 100) / 100, cert: certOf(p.confidence), evidence: p.evidence, ...status.get(p)!,
    })),
    applied: checked.kept.length,
    belowThreshold: proposals.filter((p) => status.get(p)!.status === 'below-threshold').length,
    invalid: proposals.filter((p) => ['invalid', 'conflict'].includes(status.get(p)!.status)).length,
    imported: importable(checked.kept).map((r) => r.id),
    diff: unifiedDiff(display(source.file, options.cwd), source.text, checked.applied.insertions),
    written,
  };
}

/** Proposals that nest or stand apart: where two cross, the surer (then the longer) stays. */
function nested(proposals: readonly Proposal[]): Proposal[] {
  const kept: Proposal[] = [];
  const byConfidence = [...proposals].sort((a, b) => b.confidence - a.confidence || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  for (const p of byConfidence) {
    const clash = kept.some((k) => p.start < k.end && k.start < p.end && !(inside(p, k) || inside(k, p)) || (p.start === k.start && p.end === k.end));
    if (!clash) kept.push(p);
  }
  return kept.sort((a, b) => a.start - b.start || b.end - a.end);
}

function inside(inner: Proposal, outer: Proposal): boolean {
  return outer.start <= inner.start && inner.end <= outer.end && !(outer.start === inner.start && outer.end === inner.end) && (inner.kind === 'place' || inner.kind === 'organisation');
}

/** The text in the file's own encoding: UTF-16 with its byte-order mark, or UTF-8 with or without one. */
function encodeLike(file: string, text: string): Uint8Array {
  const head = readFileSync(file).subarray(0, 3);
  if (head[0] === 0xff && head[1] === 0xfe) return Buffer.concat([head.subarray(0, 2), Buffer.from(text, 'utf16le')]);
  if (head[0] === 0xfe && head[1] === 0xff) return Buffer.concat([head.subarray(0, 2), Buffer.from(text, 'utf16le').swap16()]);
  const utf8 = Buffer.from(text, 'utf8');
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? Buffer.concat([head, utf8]) : utf8;
}

