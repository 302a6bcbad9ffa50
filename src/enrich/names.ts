import { heldOn, type AuthorityRecord, type PersonName } from './authority.js';
import { MONTH_NUMBERS } from './calendar.js';
import { officeFits, otherStateNames, parseOffice, stateOf, type Office } from './offices.js';

/**
 * Names of persons, places and organisations that authority records give, found in a block of
 * text: full names, surnames, a place's or an organisation's every name form, and offices
 * ("the Soviet Ambassador") resolved through the roles and dates of the records when exactly one
 * record fits. A person named after a title ("Colonel Bessette") but in no record is proposed
 * without a pointer.
 */
export interface NameMention {
  from: number;
  to: number;
  kind: 'person' | 'place' | 'organisation';
  element: 'persName' | 'placeName' | 'orgName' | 'rs';
  record?: AuthorityRecord;
  confidence: number;
  evidence: string;
}

type FormType = 'full' | 'surname' | 'name' | 'abbreviation' | 'convention' | 'state';

interface Form {
  record: AuthorityRecord;
  type: FormType;
  printed: string;
}

/** Words before a name that make it a person's ("Mr.", "Colonel", "Ambassador"); two-word titles by their last word. */
const PERSON_TITLES = new Set('Mr Mrs Messrs Miss Dr Señor Señora Sr Sra Don Doña Colonel Col Major Maj Captain Capt Lieutenant Lt General Gen Admiral Adm Commander Comdr Ambassador Minister Secretary President Senator Congressman Representative Governor Judge Justice Marshal Premier Chancellor Consul Chargé Father Bishop Archbishop Cardinal King Queen Prince Sir Lord Lady Mme Mlle Monsieur Madame'.split(' '));
const TWO_WORD_TITLES = new Set(['Lieutenant Colonel', 'Brigadier General', 'Major General', 'Rear Admiral', 'Vice Admiral', 'Under Secretary', 'Assistant Secretary', 'Vice President', 'Prime Minister', 'Consul General']);

/** Titles after which an unknown capitalised name is a person's without doubt. */
const STRONG_TITLE = /^(?:Mr|Mrs|Messrs|Miss|Dr|Señor|Señora|Sr|Sra|Colonel|Col|Lieutenant Colonel|Major|Maj|Captain|Capt|Lieutenant|Lt|Brigadier General|Major General|Admiral|Adm|Rear Admiral|Vice Admiral|Commander|Comdr|Senator|Congressman|Monsieur|Madame|Mme|Mlle|Sir)$/;

/** Capitalised words that name institutions, not persons ("General Assembly", "Minister Plenipotentiary"). */
const NOT_A_NAME = /^(?:The|A|An|Chargé|Minister|Ambassador|President|Consul|Director|Chairman|Speaker|Counselor|Chief|Delegate|Commissioner|Governor|Mayor|Judge|Justice|Attorney|Assembly|Staff|Council|Motors|Electric|Secretary|Manager|Counsel|Agreement|Act|Conference|Government|Department|Embassy|Legation|Ministry|Office|Mission|Board|Committee|Commission|Affairs|Republic|States|Nations|Union|Plenipotentiary|General|Designate|Elect|Pro|Tempore|Headquarters|Command|Court|Army|Navy|Air|Force|Fleet|Division|Section|Bureau|Branch|Service|Of|And|In|On|At|To|For|With|From|By|Who|Whom|He|She|They|We|I|It|This|That|These|Those)$/;

const WEEKDAYS = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
const PARTICLE = /^(?:de|del|della|di|da|das|dos|du|la|le|van|von|der|den|y|e|ten|ter|bin|ibn|al|el)$/;
const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}’'\-.]*/gu;
const CAP = String.raw`\p{Lu}[\p{L}\p{M}’'\-]*`;
/** An office as print names it after "the": "Soviet Ambassador", "Ambassador in Bolivia", "Under Secretary of State". */
const OFFICE_PHRASE = String.raw`(?:[Aa]cting\s+)?${CAP}(?:\s+(?:${CAP}|d[’']Affaires))*(?:\s+(?:of|to|in|at|for|on)\s+(?:the\s+)?${CAP}(?:\s+${CAP})*)*`;
const OFFICE_IN_TEXT = new RegExp(String.raw`(?<![\p{L}])(?:the|The|our|Our)\s+(${OFFICE_PHRASE})`, 'gu');
const OFFICE_BEFORE_BRACKET = new RegExp(String.raw`(?<![\p{L}])(?:the|The|our|Our)\s+(${OFFICE_PHRASE})\s*\(\s*$`, 'u');

function key(text: string): string {
  return text.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' ');
}

/** The names of every record, by their forms as print gives them. */
export class Gazetteer {
  private readonly forms = new Map<string, Form[]>();
  /** The first word of every form: a capitalised word that is none of them starts no name. */
  private readonly firstWords = new Set<string>();
  readonly maxWords: number;
  /** Titles of the records' offices, and their short forms ("under secretary" of "under secretary of state"). */
  private readonly titles = new Set<string>();
  readonly persons: AuthorityRecord[];
  private readonly byId: Map<string, AuthorityRecord>;

  constructor(readonly records: readonly AuthorityRecord[]) {
    this.byId = new Map(records.map((r) => [r.id, r]));
    let maxWords = 1;
    const add = (printed: string, record: AuthorityRecord, type: FormType) => {
      printed = printed.replace(/\s+/g, ' ').replace(/^the /i, '').trim();
      if (printed.length < 2 || !/^\p{Lu}/u.test(printed)) return;
      const k = key(printed);
      const list = this.forms.get(k) ?? [];
      if (!list.some((f) => f.record === record)) list.push({ record, type, printed });
      this.forms.set(k, list);
      this.firstWords.add(k.split(' ')[0]!);
      maxWords = Math.max(maxWords, printed.split(' ').length);
    };
    for (const record of records) {
      for (const name of record.persons) {
        const { full, surnames } = personForms(name);
        for (const f of full) add(f, record, 'full');
        for (const s of surnames) add(s, record, 'surname');
      }
      for (const name of record.names) add(name, record, /^[\p{Lu}.]+$/u.test(name) ? 'abbreviation' : 'name');
      // A state is printed by several names: "Soviet Russia", "the Soviet Union" for the USSR.
      if (record.kind === 'place') for (const name of record.names.flatMap(otherStateNames)) if (!record.names.includes(name)) add(name, record, 'state');
      // FRUS prints the Department of State as "the Department".
      if (record.kind === 'organisation' && record.names.some((n) => /^(?:the )?(?:Department of State|State Department)$/i.test(n))) add('Department', record, 'convention');
      for (const role of record.roles) {
        if (!role.office) continue;
        const title = role.office.title;
        this.titles.add(title);
        for (let at = title.indexOf(' of '); at > 0; at = title.indexOf(' of ', at + 1)) this.titles.add(title.slice(0, at));
      }
    }
    this.maxWords = maxWords;
    this.persons = records.filter((r) => r.kind === 'person');
  }

  record(id: string): AuthorityRecord | undefined {
    return this.byId.get(id);
  }

  lookup(text: string): Form[] | undefined {
    return this.forms.get(key(text));
  }

  /** Whether a word may begin a form (as printed, or without a full stop or possessive after it). */
  mayStart(word: string): boolean {
    return variants(word).some(([v]) => this.firstWords.has(key(v)));
  }

  /** Whether some record holds an office of this title (or of a title it shortens). */
  knowsTitle(title: string): boolean {
    return this.titles.has(title);
  }
}

/** The forms of a person's name: given names in full, first, or as initials, with each surname form; the surnames alone. */
function personForms(p: PersonName): { full: string[]; surnames: string[] } {
  const surnames = new Set<string>();
  const joined = p.surnames.join(' ');
  if (joined) surnames.add(joined);
  if (p.surnames.length > 1) surnames.add(p.surnames[0]!);
  else if (/^\p{Lu}\S*\s/u.test(joined)) surnames.add(joined.split(' ')[0]!); // "Boyd de la Guardia", "Arias Madrid": the first surname alone
  const named = p.forenames.filter((f) => /^\p{Lu}/u.test(f));
  const initial = (f: string) => (/\.$/.test(f) ? f : `${f[0]}.`);
  const given = new Set<string>();
  if (named.length) {
    given.add(p.forenames.join(' '));
    given.add(named.join(' '));
    given.add(named[0]!);
    given.add(named.map(initial).join(' '));
    if (named.length > 1) {
      given.add([named[0]!, ...named.slice(1).map(initial)].join(' '));
      given.add(named.map(initial).join(''));
    }
  }
  for (const n of p.nicknames) given.add(n);
  const full: string[] = [];
  for (const g of given) for (const s of surnames) full.push(`${g} ${s}`);
  return { full, surnames: [...surnames] };
}

/** What the names of a document have said so far: who was named, and as what. */
export class Discourse {
  private readonly mentions: { record: AuthorityRecord; block: number }[] = [];
  /** Persons with no record, by surname: named after a title earlier ("Colonel Bessette"). */
  readonly unrecorded = new Map<string, string>();

  mention(record: AuthorityRecord, block: number): void {
    this.mentions.push({ record, block });
  }

  /** The most recent of these records named since block `since`. */
  latest(candidates: readonly AuthorityRecord[], since = 0): AuthorityRecord | undefined {
    for (let i = this.mentions.length - 1; i >= 0; i--) {
      const m = this.mentions[i]!;
      if (m.block < since) return undefined;
      if (candidates.includes(m.record)) return m.record;
    }
    return undefined;
  }
}

interface Span {
  from: number;
  to: number;
  forms: Form[];
}

export interface NameContext {
  gazetteer: Gazetteer;
  discourse: Discourse;
  /** This block's place among the document's blocks. */
  block: number;
  /** The day (days since the epoch) the text at a place of the block speaks of. */
  dayAt(at: number): number | undefined;
  /** Lowercase words of the document: a capitalised one at the start of a sentence may be one of them. */
  commonWords: { has(word: string): boolean };
  /** Stretches already proposed as something else (dates, file numbers). */
  taken(from: number, to: number): boolean;
}

/** Every name of a block, in order. */
export function findNames(text: string, context: NameContext): NameMention[] {
  const { gazetteer } = context;
  const found: NameMention[] = [];
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ from: m.index, to: m.index + m[0].length, value: m[0] }));
  const spans = matchForms(text, tokens, gazetteer, context);
  const offices = findOffices(text, context, spans);
  for (const span of spans) {
    const mention = resolve(text, span, context);
    if (mention) {
      found.push(mention);
      if (mention.record) context.discourse.mention(mention.record, context.block);
      if (mention.kind === 'organisation') found.push(...nestedPlaces(text, mention, gazetteer));
    }
  }
  found.push(...unrecordedPersons(text, tokens, context, [...found, ...offices.map((o) => ({ from: o.from, to: o.to }))]));
  // Offices last: "the Ambassador" may mean the one just named.
  for (const office of offices) {
    const mention = resolveOffice(text, office, context, found);
    if (mention) {
      found.push(mention);
      if (mention.record) context.discourse.mention(mention.record, context.block);
    }
  }
  return found.sort((a, b) => a.from - b.from || b.to - a.to);
}

/** The longest record form at each capitalised word. */
interface Token {
  from: number;
  to: number;
  value: string;
}

function matchForms(text: string, tokens: readonly Token[], gazetteer: Gazetteer, context: NameContext): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!/^\p{Lu}/u.test(tokens[i]!.value) || !gazetteer.mayStart(tokens[i]!.value)) continue;
    let words = tokens[i]!.value;
    let best: Span | undefined;
    for (let j = i; j < tokens.length && j < i + gazetteer.maxWords; j++) {
      if (j > i) {
        const gap = text.slice(tokens[j - 1]!.to, tokens[j]!.from);
        if (!/^\s+$/.test(gap)) break;
        words += ' ' + tokens[j]!.value;
      }
      const end = tokens[j]!.to;
      for (const [variant, cut] of variants(words)) {
        const forms = gazetteer.lookup(variant)?.filter((f) => f.type !== 'abbreviation' || text.slice(tokens[i]!.from, end - cut) === f.printed);
        if (forms?.length) {
          best = { from: tokens[i]!.from, to: end - cut, forms };
          break;
        }
      }
    }
    if (best && !context.taken(best.from, best.to)) {
      // "Edward R. Stettinius, Jr.": the suffix belongs to the name.
      const suffix = /^,?\s+(?:Jr\.|Sr\.|II|III|IV)(?![\p{L}])/u.exec(text.slice(best.to));
      if (suffix && best.forms.some((f) => f.type === 'full')) best.to += suffix[0].length;
      spans.push(best);
      while (i + 1 < tokens.length && tokens[i + 1]!.from < best.to) i++;
    }
  }
  return spans;
}

/** A phrase as printed, and without what may cling to its end: a full stop, a possessive. */
function variants(words: string): [string, number][] {
  const out: [string, number][] = [[words, 0]];
  if (words.endsWith('.')) out.push([words.slice(0, -1), 1]);
  const possessive = /[’']s?$/.exec(words);
  if (possessive) out.push([words.slice(0, possessive.index), possessive[0].length]);
  return out;
}

/** The title just before a place of the text ("Colonel " before "Bessette"), read backwards. */
function titleBefore(text: string, at: number): string | undefined {
  let end = at;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  if (end === at) return undefined;
  if (text[end - 1] === '.') end--;
  const word = (to: number) => {
    let from = to;
    while (from > 0 && /\p{L}/u.test(text[from - 1]!)) from--;
    return { from, value: text.slice(from, to) };
  };
  const last = word(end);
  if (!PERSON_TITLES.has(last.value)) return undefined;
  const space = last.from > 1 && /\s/.test(text[last.from - 1]!) ? word(last.from - 1) : undefined;
  return space && TWO_WORD_TITLES.has(`${space.value} ${last.value}`) ? `${space.value} ${last.value}` : last.value;
}

/** The office printed before a name in brackets: "the Soviet Ambassador (Gromyko)". */
function officeBefore(text: string, at: number): Office | undefined {
  const phrase = OFFICE_BEFORE_BRACKET.exec(text.slice(Math.max(0, at - 160), at))?.[1];
  return phrase ? parseOffice(phrase) : undefined;
}

function atSentenceStart(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 10), at).replace(/\s+$/, '');
  return before === '' || /(?:[.!?:;]|[.!?:;,]?\s*[“"‘])$/.test(before);
}

/** One record for a span, or none when the records that fit are not exactly one. */
function resolve(text: string, span: Span, context: NameContext): NameMention | undefined {
  const printed = text.slice(span.from, span.to);
  const title = titleBefore(text, span.from);
  const office = officeBefore(text, span.from) ?? (title ? parseOffice(title) : undefined);
  const places = span.forms.filter((f) => f.record.kind !== 'person');
  const persons = span.forms.filter((f) => f.record.kind === 'person');
  // A person's surname that is also a place's or an organisation's name: a title decides, else the full name of the place.
  const asPerson = persons.length > 0 && (places.length === 0 || title !== undefined || office !== undefined || persons.some((f) => f.type === 'full'));
  const day = context.dayAt(span.from);
  const common = span.forms.every((f) => f.type !== 'full') && !printed.includes(' ') && atSentenceStart(text, span.from) && !title && context.commonWords.has(printed.toLowerCase());
  if (!asPerson) {
    const records = unique(places.map((f) => f.record));
    if (records.length !== 1) return undefined;
    const record = records[0]!;
    const form = places.find((f) => f.record === record)!;
    // "the Department", not the "War Department" nor "the Department of Agriculture".
    if (form.type === 'convention' && (!/(?:^|\s)the\s+$/.test(text.slice(Math.max(0, span.from - 5), span.from)) || /^\s+of\b/.test(text.slice(span.to)))) return undefined;
    const kind = record.kind as 'place' | 'organisation';
    const confidence = common ? 0.5 : form.type === 'name' ? 0.9 : 0.85;
    const how = form.type === 'convention' ? `"the Department", as FRUS prints the Department of State`
      : form.type === 'state' ? `another name of the state the place ${record.id} (${record.label}) names`
        : `a name of the ${kind} ${record.id} (${record.label})`;
    return { from: span.from, to: span.to, kind, element: kind === 'place' ? 'placeName' : 'orgName', record, confidence, evidence: `"${printed}": ${how}${common ? ', but at the start of a sentence and a common word' : ''}` };
  }
  let candidates = unique(persons.map((f) => f.record)).filter((r) => alive(r, day));
  const full = persons.some((f) => f.type === 'full' && candidates.includes(f.record));
  if (full) candidates = candidates.filter((r) => persons.some((f) => f.type === 'full' && f.record === r));
  let how: string;
  let confidence: number;
  if (candidates.length === 1) {
    how = full ? `the full name of ${candidates[0]!.id} (${candidates[0]!.label})` : `the surname of ${candidates[0]!.id} (${candidates[0]!.label}), the only record with it`;
    confidence = full ? 0.95 : title ? 0.95 : 0.9;
  } else if (candidates.length > 1) {
    const byOffice = office ? candidates.filter((r) => r.roles.some((role) => role.office && officeFits(office, role.office) && heldOn(role, day) !== false)) : [];
    const recent = context.discourse.latest(candidates);
    const inOffice = day === undefined ? [] : candidates.filter((r) => r.roles.some((role) => heldOn(role, day) === true));
    if (byOffice.length === 1) {
      candidates = byOffice;
      how = `${candidates[0]!.id} (${candidates[0]!.label}), the only one of the records named so who held the office "${office!.title}" then`;
      confidence = 0.9;
    } else if (recent) {
      candidates = [recent];
      how = `${recent.id} (${recent.label}), named so earlier in the document`;
      confidence = 0.85;
    } else if (inOffice.length === 1) {
      candidates = inOffice;
      how = `${candidates[0]!.id} (${candidates[0]!.label}), the only one of the records named so in office then`;
      confidence = 0.8;
    } else return undefined;
  } else return undefined;
  const record = candidates[0]!;
  // "Nixon Presidential Materials", "Monroe Doctrine": a surname that begins a longer name names something else.
  const next = /^\s+(\p{Lu}\p{Ll}+)/u.exec(text.slice(span.to, span.to + 40))?.[1];
  const compound = !full && !title && next !== undefined && !MONTH_NUMBERS.has(next.toLowerCase()) && !WEEKDAYS.test(next);
  const doubt = common ? ', but at the start of a sentence and a common word' : compound ? ', but it begins a longer name' : '';
  if (common || compound) confidence = 0.5;
  return { from: span.from, to: span.to, kind: 'person', element: 'persName', record, confidence, evidence: `"${printed}"${title ? ` after "${title}"` : ''}: ${how}${doubt}` };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Whether a person could be meant on a day: born at least ten years before, not dead. */
function alive(record: AuthorityRecord, day: number | undefined): boolean {
  if (day === undefined) return true;
  const year = 1970 + day / 365.2425;
  return !(record.died !== undefined && record.died < Math.floor(year)) && !(record.born !== undefined && record.born + 10 > year);
}

/** Places inside an organisation's name: "Government of the [Union of Soviet Socialist Republics]". */
function nestedPlaces(text: string, outer: NameMention, gazetteer: Gazetteer): NameMention[] {
  const inner = text.slice(outer.from, outer.to);
  for (const word of inner.matchAll(/\p{Lu}\S*/gu)) {
    if (word.index === 0) continue;
    // The longest place name from this word on, ending at the end of a word.
    const ends = [...inner.slice(word.index).matchAll(/(?=\s|$)/g)].map((m) => word.index + m.index).reverse();
    for (const end of ends) {
      const forms = gazetteer.lookup(inner.slice(word.index, end))?.filter((f) => f.record.kind === 'place');
      if (forms?.length !== 1) continue;
      const record = forms[0]!.record;
      return [{ from: outer.from + word.index, to: outer.from + end, kind: 'place', element: 'placeName', record, confidence: outer.confidence, evidence: `"${inner.slice(word.index, end)}": a name of the place ${record.id} (${record.label}), inside the name of ${outer.record!.id}` }];
    }
  }
  return [];
}

interface OfficeSpan {
  from: number;
  to: number;
  office: Office;
  printed: string;
}

/** "the Soviet Ambassador", "the Under Secretary": offices some record holds, not followed by their holder's name in brackets. */
function findOffices(text: string, context: NameContext, names: readonly Span[]): OfficeSpan[] {
  const found: OfficeSpan[] = [];
  OFFICE_IN_TEXT.lastIndex = 0;
  for (let m = OFFICE_IN_TEXT.exec(text); m; m = OFFICE_IN_TEXT.exec(text)) {
    const printed = m[1]!;
    const office = parseOffice(printed);
    if (!office || !context.gazetteer.knowsTitle(office.title)) continue;
    const from = m.index + m[0].length - m[1]!.length;
    const to = from + printed.replace(/[.,;:]$/, '').length;
    // Followed by the holder's name in brackets, it is his title, not a mention of its own.
    if (/^\s*\(\s*\p{Lu}/u.test(text.slice(to, to + 20))) continue;
    if (names.some((n) => n.from < to && n.to > from && !(n.from >= from && n.to <= to && n.forms.every((f) => f.record.kind !== 'person')))) continue;
    if (context.taken(from, to)) continue;
    found.push({ from, to, office, printed: text.slice(from, to) });
  }
  return found;
}

/** The one person an office means here: by its state and the dates of the records' roles, or the holder named just before. */
function resolveOffice(text: string, span: OfficeSpan, context: NameContext, names: readonly NameMention[]): NameMention | undefined {
  const day = context.dayAt(span.from);
  const holders = context.gazetteer.persons.filter((r) => alive(r, day) && r.roles.some((role) => role.office && officeFits(span.office, role.office) && heldOn(role, day) !== false));
  if (holders.length === 0) return undefined;
  const qualified = span.office.of !== undefined || span.office.at !== undefined || span.office.title.includes(' of ');
  const dated = (r: AuthorityRecord) => r.roles.some((role) => role.office && officeFits(span.office, role.office) && heldOn(role, day) === true);
  let record: AuthorityRecord | undefined;
  let confidence: number;
  let how: string;
  // Who was just named (in this paragraph or the one before) and holds such an office.
  const before = names.filter((n) => n.record && n.to <= span.from && holders.includes(n.record)).at(-1)?.record ?? context.discourse.latest(holders, context.block - 1);
  if (qualified && holders.length === 1) {
    record = holders[0]!;
    confidence = dated(record) ? 0.9 : 0.8;
    how = `the only record holding the office${dated(record) ? ' on that date' : ''}`;
  } else if (before) {
    record = before;
    confidence = 0.85;
    how = `the holder of the office named just before`;
  } else if (holders.length === 1) {
    record = holders[0]!;
    confidence = dated(record) ? 0.8 : 0.6;
    how = `the only record holding the office${dated(record) ? ' on that date' : ' (its dates unknown)'}`;
  } else return undefined;
  const role = record.roles.find((r) => r.office && officeFits(span.office, r.office))!;
  return { from: span.from, to: span.to, kind: 'person', element: 'rs', record, confidence, evidence: `"${span.printed}": ${record.id} (${record.label}), ${how} ("${role.text}")` };
}

/** Persons named after a title ("Colonel Bessette", "Mr. Bustamante") that no record knows, and their surnames named again. */
function unrecordedPersons(text: string, tokens: readonly Token[], context: NameContext, taken: readonly { from: number; to: number }[]): NameMention[] {
  const found: NameMention[] = [];
  const overlaps = (from: number, to: number) => context.taken(from, to) || taken.some((t) => from < t.to && to > t.from) || found.some((t) => from < t.to && to > t.from);
  for (let i = 0; i < tokens.length; i++) {
    const start = tokens[i]!.from;
    const title = titleBefore(text, start);
    const again = !title && context.discourse.unrecorded.has(tokens[i]!.value.replace(/[’']s$|\.$/, ''));
    if (!title && !again) continue;
    if (title && !STRONG_TITLE.test(title)) continue;
    // The name: capitalised words, initials and particles, up to the last capitalised one.
    let j = i;
    let last = -1;
    while (j < tokens.length && j < i + 4) {
      const word = tokens[j]!.value.replace(/[’']s$/, '');
      if (j > i && !/^\s+$/.test(text.slice(tokens[j - 1]!.to, tokens[j]!.from))) break;
      if (/^\p{Lu}/u.test(word) && !NOT_A_NAME.test(word.replace(/\.$/, '')) && !stateOf(word.replace(/\.$/, ''))) last = j;
      else if (!(j > i && PARTICLE.test(word))) break;
      j++;
      if (again) break;
    }
    if (last < 0) continue;
    const from = start;
    let to = tokens[last]!.from + tokens[last]!.value.replace(/[’']s$/, '').length;
    if (text[to - 1] === '.' && !/^\p{Lu}\.$/u.test(tokens[last]!.value)) to--;
    const printed = text.slice(from, to);
    if (printed.length < 3 || /^\p{Lu}\.$/u.test(printed) || overlaps(from, to) || context.gazetteer.lookup(printed)) continue;
    const surname = printed.split(/\s+/).at(-1)!;
    if (title) context.discourse.unrecorded.set(surname, `${title} ${printed}`);
    found.push({
      from, to, kind: 'person', element: 'persName', confidence: title ? 0.85 : 0.8,
      evidence: title ? `"${printed}" after the title "${title}": a person no authority record gives` : `"${printed}": named earlier as "${context.discourse.unrecorded.get(surname)}", a person no authority record gives`,
    });
    i = last;
  }
  return found;
}
