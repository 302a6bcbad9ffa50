import type { AuthorityRecord, DateAttributes } from '../transform/site.js';
import { collator, pageLabel, type DocumentSite } from './edition.js';
import { dateText } from './meta.js';

/**
 * The registers of persons, places and organisations across the edition: one entry per
 * authority record, with its authority data and every mention, grouped by the unit it is on.
 * A record is known by its xml:id; when two documents give the same id to records of different
 * names, the second is an entry of its own (id-2), so that no one is merged with a stranger.
 */
export type Kind = AuthorityRecord['kind'];

export const KINDS: { kind: Kind; file: string; title: string }[] = [
  { kind: 'person', file: 'persons.html', title: 'Persons' },
  { kind: 'place', file: 'places.html', title: 'Places' },
  { kind: 'organisation', file: 'organisations.html', title: 'Organisations' },
];

export interface RegisterEntry {
  id: string;
  name: string;
  life?: string;
  roles: { text: string; dates?: string }[];
  links: { href: string; label: string }[];
  note?: string;
  units: { href: string; title: string; volume: string; mentions: { href: string; page?: string; form: string; role?: string }[] }[];
  count: number;
  sort: string;
}

export interface Register {
  kind: Kind;
  entries: RegisterEntry[];
  /** Initial letters, for the letter links above a long register. */
  letters: { letter: string; id: string }[];
}

export function registers(documents: DocumentSite[]): Register[] {
  const entries = new Map<string, { record: AuthorityRecord; entry: RegisterEntry }>();
  for (const document of documents) {
    const local = new Map<string, RegisterEntry>(); // this document's record id → its entry
    for (const record of document.records) local.set(record.id, entryFor(record, entries));
    for (const unit of document.units) {
      for (const mention of unit.mentions) {
        const entry = local.get(mention.record);
        if (!entry) continue;
        let group = entry.units.find((u) => u.href === unit.href);
        if (!group) entry.units.push((group = { href: unit.href, title: unit.title, volume: unit.volume, mentions: [] }));
        group.mentions.push({ href: `${unit.href}#${mention.anchor}`, page: pageLabel(mention.page), form: mention.form, role: mention.role });
        entry.count++;
      }
    }
  }
  return KINDS.map(({ kind }) => {
    const list = [...entries.values()].filter(({ record }) => record.kind === kind).map(({ entry }) => entry).filter((e) => e.count > 0);
    list.sort((a, b) => collator.compare(a.sort, b.sort) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { kind, entries: list, letters: letters(list) };
  });
}

function entryFor(record: AuthorityRecord, entries: Map<string, { record: AuthorityRecord; entry: RegisterEntry }>): RegisterEntry {
  for (let n = 1; ; n++) {
    const id = n === 1 ? record.id : `${record.id}-${n}`;
    const known = entries.get(id);
    if (known && known.record.name === record.name && known.record.kind === record.kind) return known.entry;
    if (!known) {
      const entry = newEntry(id, record);
      entries.set(id, { record, entry });
      return entry;
    }
  }
}

function newEntry(id: string, record: AuthorityRecord): RegisterEntry {
  const life = record.born || record.died ? `${record.born ?? ''}–${record.died ?? ''}` : undefined;
  return {
    id,
    name: record.name,
    life: record.born && !record.died ? `born ${record.born}` : life,
    roles: record.roles.map((role) => ({ text: role.text, dates: dateRange(role) })),
    links: record.links.map((href) => ({ href, label: linkLabel(href) })),
    note: record.note,
    units: [],
    count: 0,
    sort: `${record.sort ?? record.name} ${record.name}`,
  };
}

/** "September 27, 1944", "between October 24, 1940 and January 15, 1944", "not before 1943", "from … to …". */
export function dateRange(date: DateAttributes): string | undefined {
  const text = (iso: string | undefined) => (iso ? dateText(iso) ?? iso : undefined);
  if (date.when) return text(date.when);
  const from = text(date.notBefore), to = text(date.notAfter);
  if (from && to) return `between ${from} and ${to}`;
  if (from) return `not before ${from}`;
  if (to) return `not after ${to}`;
  const start = text(date.from), end = text(date.to);
  if (start && end) return `from ${start} to ${end}`;
  if (start) return `from ${start}`;
  if (end) return `until ${end}`;
  return undefined;
}

/** What an identifier link is, said plainly: "history.state.gov: armour-norman", "VIAF 52496047". */
function linkLabel(href: string): string {
  const viaf = /^https?:\/\/(?:www\.)?viaf\.org\/viaf\/(\d+)/.exec(href);
  if (viaf) return `VIAF ${viaf[1]}`;
  try {
    const url = new URL(href);
    const last = url.pathname.split('/').filter(Boolean).pop();
    return last ? `${url.host}: ${decodeURIComponent(last)}` : url.host || href;
  } catch {
    return href;
  }
}

function letters(entries: RegisterEntry[]): Register['letters'] {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const letter = entry.sort.normalize('NFD').charAt(0).toUpperCase();
    if (!seen.has(letter)) seen.set(letter, entry.id);
  }
  return [...seen].map(([letter, id]) => ({ letter, id }));
}
