import type { DatedEvent } from '../transform/site.js';
import { pageLabel, type DocumentSite } from './edition.js';
import { dateRange } from './registers.js';

/**
 * The chronology: every dated event of the edition in time order, by year, each with the
 * sentence it stands in and a link to the date on its page. An event sorts by the first day it
 * can be (@when, @notBefore, @from), then by the last; events of the same date keep the order of
 * the edition. An event known only by its upper bound sorts by that.
 */
export interface ChronologyEvent {
  /** For HTML's datetime: the date itself, when it is one. */
  datetime?: string;
  date: string;
  uncertain: boolean;
  sentence: { before: string; date: string; after: string };
  href: string;
  unit: string;
  volume: string;
  page?: string;
}

export interface Year {
  year: string;
  id: string;
  events: ChronologyEvent[];
}

export function chronology(documents: DocumentSite[]): Year[] {
  const events: { start: string; end: string; event: ChronologyEvent }[] = [];
  for (const document of documents) {
    for (const unit of document.units) {
      for (const e of unit.events) {
        const start = e.when ?? e.notBefore ?? e.from ?? e.notAfter ?? e.to ?? '';
        const end = e.when ?? e.notAfter ?? e.to ?? start;
        if (!/^\d{4}/.test(start)) continue;
        events.push({
          start, end,
          event: {
            datetime: e.when && /^\d{4}(-\d{2}){0,2}$/.test(e.when) ? e.when : undefined,
            date: dateRange(e) ?? start,
            uncertain: !e.when,
            sentence: sentenceAround(e),
            href: `${unit.href}#${e.anchor}`,
            unit: unit.title,
            volume: unit.volume,
            page: pageLabel(e.page),
          },
        });
      }
    }
  }
  // Array.prototype.sort is stable: equal dates keep the edition's order.
  events.sort((a, b) => compare(a.start, b.start) || compare(a.end, b.end));
  const years: Year[] = [];
  for (const { start, event } of events) {
    const year = start.slice(0, 4);
    if (years.at(-1)?.year !== year) years.push({ year, id: `y${year}`, events: [] });
    years.at(-1)!.events.push(event);
  }
  return years;
}

/** ISO dates compare as strings; "1944" before "1944-01-01" (the year before its days). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How much text either side of a date xslt/site.xsl hands on ($editio:context-length): text that long may be cut short. */
const CONTEXT = 1200;

// Words whose full stop ends no sentence: titles, initials' companions, citation abbreviations.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'messrs', 'ms', 'dr', 'st', 'jr', 'sr', 'no', 'nos', 'vol', 'vols', 'p', 'pp', 'ff', 'cf', 'ed', 'eds', 'gen', 'col', 'lt', 'capt', 'adm', 'sen', 'rep', 'hon', 'rev', 'prof', 'gov', 'amb', 'doc', 'docs', 'e.g', 'i.e', 'u.s', 'u.s.a', 'u.k', 'etc']);

/**
 * The sentence a date stands in, found in the text of its paragraph: from after the last full
 * stop (or ? or !) before it that ends a sentence, to the first one after it. A stop after an
 * abbreviation ("Mr.") or an initial ("E.") ends none. Text cut short is marked with "…".
 */
export function sentenceAround(event: Pick<DatedEvent, 'before' | 'printed' | 'after'>): ChronologyEvent['sentence'] {
  const before = event.before.replace(/\s+/g, ' ');
  const after = event.after.replace(/\s+/g, ' ');
  // The date itself may begin the sentence: look ahead into it.
  const starts = [...(before + event.printed).matchAll(/[.!?][”"’)\]]*\s+(?=[[(“"‘]?[\p{Lu}\d])/gu)]
    .filter((m) => m.index! < before.length && endsSentence(before, m.index!));
  const last = starts.at(-1);
  const head = last ? before.slice(last.index! + last[0].length) : (event.before.length >= CONTEXT ? '…' : '') + before.trimStart();
  let tail = after;
  for (const m of after.matchAll(/[.!?][”"’)\]]*(?=\s+[[(“"‘]?[\p{Lu}\d]|\s*$)/gu)) {
    if (!endsSentence(after, m.index!)) continue;
    tail = after.slice(0, m.index! + m[0].length);
    break;
  }
  if (tail === after && event.after.length >= CONTEXT) tail = `${after.trimEnd()}…`;
  return { before: head, date: event.printed, after: tail.trimEnd() };
}

/** Whether the stop at `index` of `text` ends a sentence: not after an abbreviation or a single capital. */
function endsSentence(text: string, index: number): boolean {
  if (text[index] !== '.') return true;
  const word = /([\p{L}.]+)$/u.exec(text.slice(0, index))?.[1] ?? '';
  if (/^\p{Lu}$/u.test(word)) return false;
  return !ABBREVIATIONS.has(word.toLowerCase());
}
