import type { Diagnostic } from '../diagnostic.js';
import { LineIndex } from '../load/position.js';
import { validate } from '../validate/index.js';
import type { AuthorityRecord } from './authority.js';
import { applyProposals, type Applied, type Insertion } from './apply.js';
import type { TagDocument } from './document.js';
import type { Proposal } from './propose.js';
import type { Validity } from './validity.js';
import { itemAt, type XElement } from './tree.js';

/**
 * The document with its proposals must stay valid against the profile (the RelaxNG grammar and
 * the rules). The text with them applied is validated: an error in the markup a proposal adds
 * drops that proposal (and, when the element may not stand there, the proposals of that element
 * in elements of that name); an error about the content of an element a proposal stands in,
 * which the document did not have before, drops the proposals there. Then again, until no new
 * error remains. Other errors are the document's own and stay as they were.
 */
export interface Checked {
  applied: Applied;
  kept: Proposal[];
  /** Proposals dropped, with the error that dropped them. */
  invalid: Map<Proposal, Diagnostic>;
}

export interface CheckOptions {
  /** The RelaxNG schema (default: editio's profile), for the document as it was. */
  schema?: string;
  /** The validate stage, for the document with the proposals. */
  validity: Validity;
  /** The records from other files that these proposals point to (copied into the document). */
  importable: (proposals: readonly Proposal[]) => AuthorityRecord[];
}

/** Rounds of validation before giving up: each drops at least one kind of markup in one kind of element. */
const ROUNDS = 12;

export async function keepValid(doc: TagDocument, proposals: readonly Proposal[], options: CheckOptions): Promise<Checked> {
  let kept = [...proposals];
  const invalid = new Map<Proposal, Diagnostic>();
  const elements = new ElementIndex(doc);
  let before: Map<XElement, Set<string>> | undefined;
  let last: Diagnostic | undefined;
  for (let round = 0; round < ROUNDS && kept.length > 0; round++) {
    const applied = applyProposals(doc, kept, options.importable(kept));
    const errors = (await options.validity.check({ file: doc.file, text: applied.text })).filter((d) => d.severity === 'error');
    const placed = new Placement(applied);
    const bad = new Map<Proposal, Diagnostic>();
    const drop = (insertion: Insertion, error: Diagnostic) => {
      const owner = insertion.owner;
      if (typeof owner === 'object' && 'proposal' in owner) {
        bad.set(owner.proposal, error);
        // libxml2 reports the first content error of a division only: the element is just as
        // wrong in every element of that name (TEI's content is mixed, so order does not matter).
        if (error.rule === 'rng-element') for (const p of kept) if (p.element === owner.proposal.element && p.parent.name === owner.proposal.parent.name) bad.set(p, error);
      }
      // A record copied in, or what holds it, is wrong: the proposals that need it go (all of them, for the respStmt).
      else for (const p of kept) if (typeof owner === 'string' || p.record === owner.record) bad.set(p, error);
    };
    for (const error of errors) {
      const at = placed.newOffset(error);
      const inside = placed.insertionAt(at);
      if (inside) {
        drop(inside, error);
        continue;
      }
      // The grammar of an element whose content changed: ours unless the document had that error there before.
      // (No rule is about what an element holds that these proposals could change.)
      if (error.source !== 'rng') continue;
      const element = elements.at(placed.originalOffset(at));
      const changed = element ? applied.insertions.filter((i) => i.parent === element) : [];
      if (changed.length === 0) continue;
      before ??= await errorsByElement(doc, elements, options.schema);
      if (before.get(element!)?.has(error.rule)) continue;
      for (const i of changed) drop(i, error);
    }
    if (bad.size === 0) return { applied, kept, invalid };
    for (const [p, error] of bad) invalid.set(p, (last = error));
    kept = kept.filter((p) => !bad.has(p));
  }
  // Still not valid after the last round: nothing is applied.
  for (const p of kept) invalid.set(p, last!);
  return { applied: { text: doc.text, insertions: [] }, kept: [], invalid };
}

/** The document's own grammar errors, by the element they are about. */
async function errorsByElement(doc: TagDocument, elements: ElementIndex, schema?: string): Promise<Map<XElement, Set<string>>> {
  const lines = new LineIndex(doc.text);
  const found = new Map<XElement, Set<string>>();
  for (const d of await validate({ file: doc.file, text: doc.text }, { schema, rules: false })) {
    if (d.severity !== 'error') continue;
    const element = elements.at(lines.lineStart(d.line) + d.column - 1);
    if (element) found.set(element, (found.get(element) ?? new Set()).add(d.rule));
  }
  return found;
}

/** The element whose start tag holds an offset of the original text (findings point at a `<` or an attribute). */
class ElementIndex {
  private readonly elements: XElement[];

  constructor(doc: TagDocument) {
    this.elements = doc.elements;
  }

  at(offset: number): XElement | undefined {
    return itemAt(this.elements, offset, (e) => e.start, (e) => e.tagEnd);
  }

}

/** Where each insertion stands in the new text. */
class Placement {
  private readonly ranges: { from: number; to: number; insertion: Insertion }[] = [];
  private readonly lines: LineIndex;

  constructor(applied: Applied) {
    this.lines = new LineIndex(applied.text);
    let shift = 0;
    for (const insertion of applied.insertions) {
      const from = insertion.at + shift;
      this.ranges.push({ from, to: from + insertion.text.length, insertion });
      shift += insertion.text.length;
    }
  }

  newOffset(d: Diagnostic): number {
    return this.lines.lineStart(d.line) + d.column - 1;
  }

  /** The insertion an offset of the new text falls in. */
  insertionAt(at: number): Insertion | undefined {
    return itemAt(this.ranges, at, (r) => r.from, (r) => r.to)?.insertion;
  }


  /** An offset of the new text, outside the insertions, in the original text. */
  originalOffset(at: number): number {
    let shift = 0;
    for (const r of this.ranges) {
      if (r.from > at) break;
      shift += r.to - r.from;
    }
    return at - shift;
  }
}
