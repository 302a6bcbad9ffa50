import { dayRange, daysInMonth, fromDays, iso, isRealDate, MONTH_NUMBERS } from './calendar.js';
import { descendants, isTei, textOf, type XElement } from './tree.js';
import type { TagDocument } from './document.js';

/**
 * Dates in the forms FRUS prints: "June 23, 1942", "23 June 1942", "November 1944", "June 23–25,
 * 1942", and without a year ("June 23", "23 June", "the 27th", "the 27th ultimo", "in June"),
 * whose year (and month) come from the context: a date earlier in the same paragraph, else the
 * document's own dateline, else an earlier paragraph of the unit, else the year the volume is
 * about. A stretch of time ("early November 1944", "the spring of 1943", "late 1944") gets
 * @notBefore and @notAfter; a printed range @from and @to. No date that does not exist is ever
 * proposed.
 */
export interface DateMention {
  /** [from, to) in the block's text. */
  from: number;
  to: number;
  attributes: Record<string, string>;
  /** The date it stands for, for the context of later dates (its @when, @from or @notBefore). */
  value: string;
  /** Whether it gives its own year (a later yearless date can take it). */
  explicit: boolean;
  confidence: number;
  evidence: string;
}

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)`;
const FULL_MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December)`;
const DAY = String.raw`(?:[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:1[6-9][0-9]{2}|20[0-9]{2})`;
const START = String.raw`(?<![\p{L}\p{N}])`;
const END = String.raw`(?![\p{L}\p{N}])`;
const DASH = String.raw`\s*[–-]\s*`;
const QUALIFIER = String.raw`(?:early|mid-|late|the beginning of|the middle of|the end of)`;
const PART_OF_YEAR = String.raw`(?:the first half of|the second half of|the spring of|the summer of|the autumn of|the fall of)`;
/** Words before a bare year or month that make it a date ("in 1942", "since June"); matched, then left out of the date. */
const PREPOSITION = String.raw`(?<![\p{L}])(?:[Ii]n|[Dd]uring|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Ff]rom|[Tt]hrough|[Tt]hroughout|[Oo]f)\s+`;

/** The forms, longest first: a later form never takes what an earlier one matched. */
const FORMS: { name: string; pattern: RegExp }[] = [
  { name: 'range-months', pattern: new RegExp(`${START}(${MONTH})\\s+(${DAY})${DASH}(${MONTH})\\s+(${DAY}),?\\s+(${YEAR})${END}`, 'gu') },
  { name: 'range-days', pattern: new RegExp(`${START}(${MONTH})\\s+(${DAY})${DASH}(${DAY})(?:,?\\s+(${YEAR}))?${END}(?![–-]\\d)`, 'gu') },
  { name: 'range-month-years', pattern: new RegExp(`${START}(${MONTH}),?\\s+(${YEAR})${DASH}(${MONTH}),?\\s+(${YEAR})${END}`, 'gu') },
  { name: 'qualified-month', pattern: new RegExp(`${START}(${QUALIFIER})\\s*(${FULL_MONTH})(?:,?\\s+(${YEAR}))?${END}`, 'gu') },
  { name: 'qualified-year', pattern: new RegExp(`${START}(${QUALIFIER}|${PART_OF_YEAR})\\s*(${YEAR})${END}(?![–-]\\d)`, 'gu') },
  { name: 'month-day-year', pattern: new RegExp(`${START}(${MONTH})\\s+(${DAY}),?\\s+(${YEAR})${END}`, 'gu') },
  { name: 'day-month-year', pattern: new RegExp(`${START}(${DAY})(?:\\s+of)?\\s+(${MONTH}),?\\s+(${YEAR})${END}`, 'gu') },
  { name: 'month-year', pattern: new RegExp(`${START}(${MONTH}),?\\s+(${YEAR})${END}(?![–-]\\d)`, 'gu') },
  { name: 'month-day', pattern: new RegExp(`${START}(${MONTH})\\s+(${DAY})${END}(?!\\s*[–-]?\\s*\\d)(?![.,]\\d)`, 'gu') },
  { name: 'day-month', pattern: new RegExp(`${START}(${DAY})(?:\\s+of)?\\s+(${MONTH})${END}`, 'gu') },
  { name: 'year', pattern: new RegExp(`${PREPOSITION}(${YEAR})${END}(?!\\s*[–/-]\\s*\\d)(?![.,]\\d)`, 'dgu') },
  { name: 'month', pattern: new RegExp(`${PREPOSITION}(${FULL_MONTH})${END}(?!\\s+(?:${DAY}|${YEAR})${END})`, 'dgu') },
  { name: 'day', pattern: new RegExp(`(?<![\\p{L}])(?:on|of|since|until|till|by|from|to|before|after|dated|and)\\s+the\\s+((?:[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th))(?:\\s+(instant|inst\\.|ultimo|ult\\.|proximo|prox\\.))?(?=\\s*[,.;:)]|\\s*$|\\s+(?:and|or|in|at|to|from|by|for|with|but|that|when|which|as|he|she|it|they|we|I)\\s)`, 'dgu') },
];

/** What a yearless date takes its year from, best first. */
export interface DateContext {
  /** Explicit dates earlier in the same block. */
  inBlock: { at: number; value: string; text: string }[];
  /** The date of the document the block stands in (its dateline). */
  documentDate?: string;
  /** The last explicit date of the unit before this block. */
  narrative?: { value: string; text: string };
  volumeYear?: number;
}

/** Every date of a block, with the dates earlier in it as context for the yearless ones. */
export function findDates(text: string, context: Omit<DateContext, 'inBlock'>, taken: (from: number, to: number) => boolean = () => false): DateMention[] {
  const found: DateMention[] = [];
  const covered: [number, number][] = [];
  const overlaps = (from: number, to: number) => covered.some(([a, b]) => from < b && to > a);
  const candidates: { from: number; to: number; form: string; m: RegExpExecArray }[] = [];
  for (const { name, pattern } of FORMS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      let from = m.index;
      const to = from + m[0].length;
      // "in 1942", "of the 27th": the words before a date are not part of it.
      if (name === 'year' || name === 'month' || name === 'day') from = m.indices![1]![0];
      // "the spring of 1943": the article stays outside, as with every date.
      else if (text.startsWith('the ', from)) from += 4;
      if (overlaps(from, to) || taken(from, to)) continue;
      covered.push([from, to]);
      candidates.push({ from, to, form: name, m });
    }
  }
  candidates.sort((a, b) => a.from - b.from);
  const inBlock: DateContext['inBlock'] = [];
  for (const c of candidates) {
    const mention = interpret(c.form, c.m, { ...context, inBlock }, text.slice(c.from, c.to));
    if (!mention) continue;
    mention.from = c.from;
    mention.to = c.to;
    if (mention.explicit) inBlock.push({ at: c.from, value: mention.value, text: text.slice(c.from, c.to) });
    found.push(mention);
  }
  return found;
}

type Parsed = Omit<DateMention, 'from' | 'to'> & { from?: number; to?: number };

function month(name: string): number {
  return MONTH_NUMBERS.get(name.toLowerCase())!;
}

function day(text: string): number {
  return parseInt(text, 10);
}

function interpret(form: string, m: RegExpExecArray, context: DateContext, printed: string): DateMention | undefined {
  const g = m.slice(1);
  const full = (y: number, mo: number, d: number) => (isRealDate(y, mo, d) ? iso(y, mo, d) : undefined);
  const mention = (attributes: Record<string, string>, explicit: boolean, confidence: number, evidence: string): DateMention => ({
    from: 0, to: 0, attributes, value: attributes.when ?? attributes.from ?? attributes.notBefore!, explicit, confidence, evidence,
  });
  switch (form) {
    case 'month-day-year':
    case 'day-month-year': {
      const [mo, d, y] = form === 'month-day-year' ? [month(g[0]!), day(g[1]!), Number(g[2])] : [month(g[1]!), day(g[0]!), Number(g[2])];
      const when = full(y, mo, d);
      return when ? mention({ when }, true, 0.97, `a full date, "${printed}"`) : undefined;
    }
    case 'month-year':
      return mention({ when: iso(Number(g[1]), month(g[0]!)) }, true, 0.95, `a month and year, "${printed}"`);
    case 'range-months': {
      const y = Number(g[4]);
      const [a, b] = [full(y, month(g[0]!), day(g[1]!)), full(y, month(g[2]!), day(g[3]!))];
      return a !== undefined && b !== undefined && a < b ? mention({ from: a, to: b }, true, 0.95, `a printed range of days, "${printed}"`) : undefined;
    }
    case 'range-month-years': {
      const [a, b] = [iso(Number(g[1]), month(g[0]!)), iso(Number(g[3]), month(g[2]!))];
      return a < b ? mention({ from: a, to: b }, true, 0.9, `a printed range of months, "${printed}"`) : undefined;
    }
    case 'range-days': {
      const mo = month(g[0]!);
      const [d1, d2] = [day(g[1]!), day(g[2]!)];
      if (d1 >= d2) return undefined;
      const year = g[3] ? { year: Number(g[3]), confidence: 0.95, evidence: 'its own year' } : yearFor(mo, d1, context);
      if (!year) return undefined;
      const [a, b] = [full(year.year, mo, d1), full(year.year, mo, d2)];
      return a && b ? mention({ from: a, to: b }, Boolean(g[3]), year.confidence, `a printed range of days, "${printed}", ${year.evidence}`) : undefined;
    }
    case 'month-day':
    case 'day-month': {
      const [mo, d] = form === 'month-day' ? [month(g[0]!), day(g[1]!)] : [month(g[1]!), day(g[0]!)];
      const year = yearFor(mo, d, context);
      const when = year && full(year.year, mo, d);
      return when ? mention({ when }, false, year.confidence, `"${printed}" without a year: ${year.evidence}`) : undefined;
    }
    case 'year':
      return mention({ when: g[0]! }, true, 0.85, `a year after a preposition, "${printed}"`);
    case 'month': {
      const year = yearFor(month(g[0]!), undefined, context);
      return year ? mention({ when: iso(year.year, month(g[0]!)) }, false, Math.min(year.confidence, 0.75), `"${printed}" without a year: ${year.evidence}`) : undefined;
    }
    case 'qualified-month': {
      const mo = month(g[1]!);
      const year = g[2] ? { year: Number(g[2]), confidence: 0.75, evidence: 'its own year' } : yearFor(mo, undefined, context);
      if (!year) return undefined;
      const [first, last] = partOfMonth(g[0]!, year.year, mo);
      return mention({ notBefore: iso(year.year, mo, first), notAfter: iso(year.year, mo, last) }, Boolean(g[2]), Math.min(year.confidence, 0.75), `"${printed}": days ${first}–${last} of the month (${year.evidence})`);
    }
    case 'qualified-year': {
      const y = Number(g[1]);
      const [a, b] = PARTS_OF_YEAR[g[0]!.replace(/^the /, '').replace(/ of$/, '')]!;
      return mention({ notBefore: iso(y, a), notAfter: iso(y, b) }, true, 0.75, `"${printed}": months ${a}–${b} of ${y}`);
    }
    case 'day':
      return dayOnly(day(g[0]!), g[1], context, printed);
  }
  return undefined;
}

/** Months of a year that a phrase names. */
const PARTS_OF_YEAR: Record<string, [number, number]> = {
  early: [1, 4], 'mid-': [5, 8], late: [9, 12], 'beginning': [1, 4], middle: [5, 8], end: [9, 12],
  'first half': [1, 6], 'second half': [7, 12], spring: [3, 5], summer: [6, 8], autumn: [9, 11], fall: [9, 11],
};

function partOfMonth(qualifier: string, year: number, month: number): [number, number] {
  const last = daysInMonth(year, month);
  if (/early|beginning/.test(qualifier)) return [1, 10];
  if (/mid|middle/.test(qualifier)) return [11, 20];
  return [21, last];
}

/**
 * The year of a date printed without one: from a date earlier in the paragraph, the document's
 * dateline, an earlier paragraph, or the volume's year, in that order; the occurrence nearest
 * to that date (December 28 in a telegram of January 2, 1942 is 1941).
 */
function yearFor(month: number, day: number | undefined, context: DateContext): { year: number; confidence: number; evidence: string } | undefined {
  const last = context.inBlock[context.inBlock.length - 1];
  const anchors: [string | undefined, number, string][] = [
    [last?.value, 0.9, `the year of "${last?.text}" earlier in the paragraph`],
    [context.documentDate, 0.9, `the year of the document's date, ${context.documentDate}`],
    [context.narrative?.value, 0.85, `the year of "${context.narrative?.text}" earlier in the text`],
    [context.volumeYear === undefined ? undefined : String(context.volumeYear), 0.75, `the year of the volume, ${context.volumeYear}`],
  ];
  for (const [anchor, confidence, evidence] of anchors) {
    if (!anchor) continue;
    const range = dayRange(anchor);
    if (!range) continue;
    const anchorYear = Number(anchor.slice(0, 4));
    // An anchor of a year alone gives that year; a finer one the nearest occurrence.
    if (anchor.length === 4) return { year: anchorYear, confidence, evidence };
    const middle = (range[0] + range[1]) / 2;
    let best: { year: number; distance: number } | undefined;
    for (const year of [anchorYear - 1, anchorYear, anchorYear + 1]) {
      if (day !== undefined && !isRealDate(year, month, day)) continue;
      const own = dayRange(iso(year, month, day))!;
      const distance = Math.abs((own[0] + own[1]) / 2 - middle);
      if (!best || distance < best.distance) best = { year, distance };
    }
    if (!best) return undefined;
    return best.year === anchorYear ? { year: best.year, confidence, evidence } : { year: best.year, confidence: Math.min(confidence, 0.75), evidence: `${evidence}, the occurrence nearest to it` };
  }
  return undefined;
}

/** "the 27th": the month of a date earlier in the paragraph, else the document's month (the month before, when the 27th is still to come). */
function dayOnly(d: number, relative: string | undefined, context: DateContext, printed: string): DateMention | undefined {
  const last = [...context.inBlock].reverse().find((a) => a.value.length >= 7);
  let base: { year: number; month: number } | undefined;
  let confidence = 0.8;
  let evidence: string;
  const document = context.documentDate && context.documentDate.length >= 10 ? fromDays(dayRange(context.documentDate)![0]) : undefined;
  if (relative && document) {
    const shift = /^ult/.test(relative) ? -1 : /^prox/.test(relative) ? 1 : 0;
    const m = document.month + shift;
    base = { year: document.year + Math.floor((m - 1) / 12), month: ((m - 1 + 12) % 12) + 1 };
    confidence = 0.85;
    evidence = `"${relative}" counts from the document's date, ${context.documentDate}`;
  } else if (last) {
    base = { year: Number(last.value.slice(0, 4)), month: Number(last.value.slice(5, 7)) };
    evidence = `the month of "${last.text}" earlier in the paragraph`;
  } else if (document) {
    const before = d > document.day;
    base = before ? { year: document.month === 1 ? document.year - 1 : document.year, month: document.month === 1 ? 12 : document.month - 1 } : document;
    confidence = before ? 0.75 : 0.8;
    evidence = `${before ? 'the month before that' : 'the month'} of the document's date, ${context.documentDate}`;
  } else return undefined;
  if (!isRealDate(base.year, base.month, d)) return undefined;
  const when = iso(base.year, base.month, d);
  return { from: 0, to: 0, attributes: { when }, value: when, explicit: false, confidence, evidence: `"${printed}": ${evidence}` };
}

const FRUS_NS = 'http://history.state.gov/frus/ns/1.0';

/**
 * The date of each division: its dateline's (a date marked there, else one printed there), else
 * the FRUS volumes' frus:doc-dateTime-min, else its enclosing division's.
 */
export function divisionDates(doc: TagDocument): Map<XElement, string | undefined> {
  // Each division's first dateline (or docDate) of its own, not one of a division inside it.
  const datelines = new Map<XElement, XElement>();
  for (const e of doc.elements) {
    if (!isTei(e, 'dateline') && !isTei(e, 'docDate')) continue;
    const div = nearestDiv(e);
    if (div && !datelines.has(div)) datelines.set(div, e);
  }
  const dateOf = (div: XElement): string | undefined => {
    const own = datelines.get(div);
    if (own) {
      const marked = descendants(own, 'date').map((d) => d.attributes.get('when') ?? d.attributes.get('notBefore') ?? d.attributes.get('from')).find(Boolean);
      if (marked && dayRange(marked)) return marked.slice(0, 10);
      const printed = findDates(textOf(doc.text, own), {}).find((m) => m.explicit);
      if (printed) return printed.value;
    }
    const frus = [...div.attributes].find(([name]) => name.endsWith(':doc-dateTime-min') && div.namespaces.get(name.slice(0, name.indexOf(':'))) === FRUS_NS)?.[1];
    return frus && dayRange(frus) ? frus.slice(0, 10) : undefined;
  };
  const dates = new Map<XElement, string | undefined>();
  for (const e of doc.elements) {
    if (!isTei(e, 'div') && !isTei(e, 'text')) continue;
    const outer = nearestDiv(e);
    dates.set(e, dateOf(e) ?? (outer ? dates.get(outer) : undefined));
  }
  return dates;
}

function nearestDiv(e: XElement): XElement | undefined {
  for (let a = e.parent; a; a = a.parent) if (isTei(a, 'div') || isTei(a, 'text')) return a;
  return undefined;
}

/** An explicit date or period in a record's role ("from October 11, 1973", "until 1976"): the days it may stand for. */
export function explicitDate(text: string): string | undefined {
  const found = findDates(text, {}).find((m) => m.explicit);
  return found?.value;
}
