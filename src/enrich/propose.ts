import type { AuthorityRecord } from './authority.js';
import { dayRange } from './calendar.js';
import { divisionDates, findDates, type DateMention } from './dates.js';
import { sourceSpan, type Block, type Kind, type TagDocument } from './document.js';
import { findFileNumbers } from './files.js';
import { Discourse, findNames, type Gazetteer } from './names.js';
import type { XElement } from './tree.js';

/** One piece of markup enrich proposes: an element around a stretch of the source. */
export interface Proposal {
  kind: Kind;
  element: 'persName' | 'placeName' | 'orgName' | 'rs' | 'date' | 'idno';
  /** Source offsets of the text it wraps. */
  start: number;
  end: number;
  printed: string;
  /** Attributes besides the pointer, cert and resp, in order (type, when, n …). */
  attributes: [string, string][];
  /** The authority record it points to. */
  record?: AuthorityRecord;
  confidence: number;
  evidence: string;
  /** The element whose text it wraps. */
  parent: XElement;
}

/** Every proposal for a document, in source order, whatever its confidence. */
export function propose(doc: TagDocument, gazetteer: Gazetteer): Proposal[] {
  const proposals: Proposal[] = [];
  const dates = divisionDates(doc);
  const narrative = new Map<XElement, { value: string; text: string }>();
  const discourse = new Discourse();
  const commonWords = lowercaseWords(doc.blocks);
  doc.blocks.forEach((block, index) => {
    const documentDate = dates.get(block.unit);
    const spans: [number, number][] = [];
    const taken = (from: number, to: number) => spans.some(([a, b]) => from < b && to > a);
    const add = (kind: Kind, from: number, to: number, make: (start: number, end: number, parent: XElement) => Omit<Proposal, 'start' | 'end' | 'parent' | 'printed' | 'kind'>) => {
      const at = sourceSpan(block, from, to, kind);
      if (!at) return;
      proposals.push({ kind, start: at.start, end: at.end, parent: at.segment.node.parent, printed: block.text.slice(from, to), ...make(at.start, at.end, at.segment.node.parent) });
    };

    for (const file of findFileNumbers(block.text)) {
      spans.push([file.from, file.to]);
      add('file', file.from, file.to, () => ({
        element: 'idno', attributes: [['type', 'decimal-file'], ...(file.abbreviated ? [['n', file.number] as [string, string]] : [])], confidence: file.confidence, evidence: file.evidence,
      }));
    }

    const found = findDates(block.text, { documentDate, narrative: narrative.get(block.unit), volumeYear: doc.volumeYear }, taken);
    for (const date of found) {
      spans.push([date.from, date.to]);
      add('date', date.from, date.to, () => ({ element: 'date', attributes: Object.entries(date.attributes), confidence: date.confidence, evidence: date.evidence }));
    }
    const lastExplicit = found.filter((d) => d.explicit).at(-1);
    // Who the block names already: "Hartley" after a marked "Ruth Hartley" is her.
    for (const name of block.names) {
      const pointer = (name.attributes.get('ref') ?? name.attributes.get('corresp'))!.split(/\s+/).find((p) => p.startsWith('#'));
      const record = pointer && gazetteer.record(pointer.slice(1));
      if (record) discourse.mention(record, index);
    }
    const before = narrative.get(block.unit);

    const names = findNames(block.text, {
      gazetteer, discourse, block: index, commonWords, taken,
      dayAt: (at) => dayOf(found, at, documentDate ?? before?.value ?? (doc.volumeYear === undefined ? undefined : String(doc.volumeYear))),
    });
    for (const name of names) {
      add(name.kind, name.from, name.to, () => ({
        element: name.element, attributes: name.element === 'rs' ? [['type', 'person']] : [], record: name.record, confidence: name.confidence, evidence: name.evidence,
      }));
    }
    if (lastExplicit) narrative.set(block.unit, { value: lastExplicit.value, text: block.text.slice(lastExplicit.from, lastExplicit.to) });
  });
  return proposals.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The day a place of a block speaks of: the last explicit date before it in the block, else the fallback. */
function dayOf(dates: readonly DateMention[], at: number, fallback: string | undefined): number | undefined {
  let value = fallback;
  for (const d of dates) if (d.explicit && d.from < at) value = d.value;
  return value === undefined ? undefined : dayRange(value)?.[0];
}

/**
 * Whether the document prints a word in lower case ("young", "train"): a capitalised one at the
 * start of a sentence may be that word. Asked for few words, so each is looked for when asked.
 */
function lowercaseWords(blocks: readonly Block[]): { has(word: string): boolean } {
  let text: string | undefined;
  const known = new Map<string, boolean>();
  return {
    has(word) {
      // The text editio may tag, not the header's or the records' (a record's note may name "duggan-william").
      text ??= blocks.map((b) => b.segments.filter((s) => s.allowed.size > 0).map((s) => b.text.slice(s.from, s.to)).join(' ')).join('\n');
      if (!known.has(word)) known.set(word, new RegExp(`(?<![\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(text));
      return known.get(word)!;
    },
  };
}
