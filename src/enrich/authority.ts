import type { Diagnostic } from '../diagnostic.js';
import { loadFile, type Source } from '../load/source.js';
import { LineIndex } from '../load/position.js';
import { dayRange } from './calendar.js';
import { findDates } from './dates.js';
import { parseOffice, type Office } from './offices.js';
import { childElements, decode, descendants, isTei, parseTree, textOf, type XElement } from './tree.js';

/**
 * Authority records, wherever an edition keeps them: `person`, `place` and `org` in a
 * `listPerson`, `listPlace` or `listOrg` (TEI), and the persons lists of FRUS volumes, a
 * front-matter division whose items each begin with a `persName xml:id` ("Bennett, William
 * Tapley, Jr.,") followed by the person's positions.
 */
export type RecordKind = 'person' | 'place' | 'organisation';

export interface AuthorityRecord {
  id: string;
  kind: RecordKind;
  /** 'tei': a person, place or org element; 'frus-list': a name in a FRUS persons list. */
  shape: 'tei' | 'frus-list';
  /** The name to show in evidence. */
  label: string;
  /** Persons: each name, in parts. */
  persons: PersonName[];
  /** Places and organisations: each name form as printed (full, short, abbreviation). */
  names: string[];
  roles: Role[];
  /** Years of birth and death, when the record gives them. */
  born?: number;
  died?: number;
  /** Where it stands: its file, its text and its element, for copying it into a document. */
  file: string;
  text: string;
  element: XElement;
}

export interface PersonName {
  forenames: string[];
  surnames: string[];
  /** Jr., III. */
  suffix?: string;
  /** Names a person went by ("Jimmy"). */
  nicknames: string[];
}

export interface Role {
  text: string;
  office?: Office;
  /** The days it covers, as far as the record says (either end may be open). */
  from?: number;
  to?: number;
}

/** Every record of a document's tree, in document order. */
export function readRecords(source: Source, root: XElement): AuthorityRecord[] {
  const records: AuthorityRecord[] = [];
  for (const e of descendants(root)) {
    if (!isTei(e)) continue;
    const id = e.attributes.get('xml:id');
    if (!id) continue;
    const base = { id, file: source.file, text: source.text, element: e };
    if (e.name === 'person') records.push({ ...base, ...teiPerson(source.text, e) });
    else if (e.name === 'place' || e.name === 'org') {
      const names = childElements(e, e.name === 'place' ? 'placeName' : 'orgName').map((n) => clean(textOf(source.text, n)));
      records.push({ ...base, kind: e.name === 'place' ? 'place' : 'organisation', shape: 'tei', label: names[0] ?? id, persons: [], names, roles: [] });
    } else if (e.name === 'persName' && isListedName(e)) records.push({ ...base, ...listedPerson(source.text, e) });
  }
  return records;
}

/** A name that opens an item of a FRUS persons list (possibly inside its bold `hi`). */
function isListedName(e: XElement): boolean {
  let item = e.parent;
  while (item && isTei(item, 'hi')) item = item.parent;
  return Boolean(item && isTei(item, 'item'));
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function teiPerson(text: string, e: XElement): Omit<AuthorityRecord, 'id' | 'file' | 'text' | 'element'> {
  const persons = childElements(e, 'persName').map((n) => personName(text, n));
  const roles = childElements(e, 'occupation').map((o) => {
    const roleText = clean(textOf(text, o));
    const bounds = attributeBounds(o);
    return { text: roleText, office: parseOffice(roleText), ...bounds };
  });
  const year = (name: string) => {
    const when = childElements(e, name)[0]?.attributes.get('when');
    return when ? Number(when.slice(0, 4)) : undefined;
  };
  const first = persons[0];
  const label = first ? [...first.forenames, ...first.surnames, ...(first.suffix ? [first.suffix] : [])].join(' ') : e.attributes.get('xml:id')!;
  return { kind: 'person', shape: 'tei', label, persons, names: [], roles, born: year('birth'), died: year('death') };
}

/** The parts of a TEI persName: forename, surname, genName, addName; or its text, read as "Forenames Surname". */
function personName(text: string, n: XElement): PersonName {
  const parts = (name: string) => childElements(n, name).map((p) => clean(textOf(text, p)));
  const forenames = parts('forename').flatMap((f) => f.split(' '));
  const surnames = parts('surname');
  if (forenames.length || surnames.length) {
    return { forenames, surnames, suffix: parts('genName')[0], nicknames: parts('addName').filter((a) => !/patronymic/.test(a)) };
  }
  return splitName(clean(textOf(text, n)));
}

const SUFFIX = /^(?:Jr\.|Sr\.|II|III|IV)$/;

/** "Bennett, William Tapley, Jr." or "William Tapley Bennett Jr." into its parts; a quoted nickname ("Jimmy") apart. */
export function splitName(name: string): PersonName {
  const nicknames = [...name.matchAll(/[“"]([^”"]+)[”"]/g)].map((m) => m[1]!.replace(/,$/, ''));
  const plain = name.replace(/\s*[“"][^”"]+[”"]/g, '').replace(/\s+/g, ' ').replace(/,\s*$/, '').trim();
  const comma = plain.split(/\s*,\s*/);
  let suffix: string | undefined;
  if (comma.length >= 2) {
    let surname = comma[0]!;
    const tail = /\s+(Jr\.|Sr\.|II|III|IV)$/.exec(surname);
    if (tail) {
      suffix = tail[1];
      surname = surname.slice(0, tail.index);
    }
    if (comma[2] && SUFFIX.test(comma[2])) suffix = comma[2];
    return { forenames: comma[1]!.split(' ').filter(Boolean), surnames: [surname], suffix, nicknames };
  }
  const words = plain.split(' ');
  if (words.length > 1 && SUFFIX.test(words[words.length - 1]!)) suffix = words.pop();
  return { forenames: words.slice(0, -1), surnames: words.slice(-1), suffix, nicknames };
}

/** A name of a FRUS persons list and the positions printed after it ("…, Jr., Ambassador to Portugal from 1966 until 1969"). */
function listedPerson(text: string, n: XElement): Omit<AuthorityRecord, 'id' | 'file' | 'text' | 'element'> {
  const name = clean(textOf(text, n));
  let item = n.parent!;
  while (isTei(item, 'hi')) item = item.parent!;
  const after = clean(decode(text.slice(n.end, item.closeStart).replace(/<[^>]*>/g, ''))).replace(/^[\s,;:]+/, '');
  const roles = after ? after.split(/\s*;\s*/).map((r) => ({ text: r, office: parseOffice(r), ...printedBounds(r) })) : [];
  const person = splitName(name);
  return { kind: 'person', shape: 'frus-list', label: [...person.forenames, ...person.surnames].join(' ') + (person.suffix ? `, ${person.suffix}` : ''), persons: [person], names: [], roles };
}

/** A role's days from @when, @notBefore/@notAfter, @from/@to. */
function attributeBounds(e: XElement): { from?: number; to?: number } {
  const a = (name: string) => e.attributes.get(name);
  const start = a('when') ?? a('from') ?? a('notBefore');
  const end = a('when') ?? a('to') ?? a('notAfter');
  return { from: start ? dayRange(start)?.[0] : undefined, to: end ? dayRange(end)?.[1] : undefined };
}

/** A role's days as print gives them: "from October 11, 1973, until June 30, 1978", "January 20, 1969, until August 9, 1974", "from 1976", "to 1973", "September 1974". */
function printedBounds(role: string): { from?: number; to?: number } {
  const dates = findDates(role, {}).filter((d) => d.explicit);
  if (dates.length === 0) return {};
  const start = /(?:^|\s)(?:from|since)\s/.exec(role);
  // "until 1977", "to 1973", but not "Ambassador to Panama".
  const end = /\s(?:until|till|to)\s(?=\d|(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)|\s(?:until|till)\s/u.exec(role);
  const after = (at: number) => dates.find((d) => d.from > at);
  // Without "from", a date before "until" is where the role began.
  const from = start ? after(start.index) : end ? dates.filter((d) => d.to <= end.index).at(-1) : dates[0];
  const to = end ? after(end.index) : start ? undefined : dates.at(-1);
  return { from: from ? dayRange(from.value)![0] : undefined, to: to ? dayRange(to.attributes.to ?? to.value)![1] : undefined };
}

/** How long a role is taken to have lasted past the one date a record gives for it: a term of four years. */
const TERM = 4 * 365;

/**
 * Whether a role was held on a day: false outside its dates; true within them, or within a term
 * of the one end a record gives; unknown otherwise (a role without dates may have been held).
 */
export function heldOn(role: Role, day: number | undefined): boolean | undefined {
  if (day === undefined || (role.from === undefined && role.to === undefined)) return undefined;
  if ((role.from !== undefined && day < role.from) || (role.to !== undefined && day > role.to)) return false;
  if (role.from !== undefined && role.to !== undefined) return true;
  return (role.from !== undefined ? day - role.from : role.to! - day) <= TERM ? true : undefined;
}

/**
 * Read authority files: each must be safe, well-formed XML whose xml:ids are unique; records
 * are then known by id across the files, and an id in two files is an error too (a pointer
 * would not say which is meant). Problems come back as diagnostics with file:line:column.
 */
export async function loadAuthorities(paths: readonly string[]): Promise<{ records: AuthorityRecord[]; diagnostics: Diagnostic[] }> {
  const records: AuthorityRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, { file: string; line: number; column: number }>();
  for (const path of paths) {
    const loaded = await loadFile(path);
    diagnostics.push(...loaded.diagnostics.filter((d) => d.severity === 'error'));
    if (!loaded.source) continue;
    const source = loaded.source;
    const root = parseTree(source.text);
    const lines = new LineIndex(source.text);
    for (const e of [root, ...descendants(root)]) {
      const id = e.attributes.get('xml:id');
      if (!id) continue;
      const at = { file: source.file, ...lines.positionAt(e.start) };
      const earlier = seen.get(id);
      if (earlier) {
        const where = earlier.file === at.file ? `line ${earlier.line}` : `${earlier.file}:${earlier.line}:${earlier.column}`;
        diagnostics.push({ ...at, severity: 'error', rule: 'id-unique', source: 'rules', message: `duplicate xml:id "${id}" in the authority records: already used at ${where}; a pointer to it would not say which record is meant` });
      } else seen.set(id, at);
    }
    records.push(...readRecords(source, root));
  }
  return { records, diagnostics };
}
