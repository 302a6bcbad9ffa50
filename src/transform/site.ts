/**
 * What xslt/site.xsl says about a document for the site's registers, chronology and archival
 * files: the authority records it mentions, and per page the names, dates and file numbers on it.
 * A build reads it from its one run of xslt/build.xsl (transform/index.ts).
 */
export interface SiteData {
  records: AuthorityRecord[];
  units: UnitMarks[];
}

export interface AuthorityRecord {
  id: string;
  kind: 'person' | 'place' | 'organisation';
  name: string;
  /** What the register sorts by: the surname, else the name. */
  sort?: string;
  born?: string;
  died?: string;
  roles: ({ text: string } & DateAttributes)[];
  /** Identifier URLs (idno type="URI"), safe ones only. */
  links: string[];
  note?: string;
}

/** A date as TEI gives it: @when, or a range known only within bounds (@notBefore/@notAfter) or a span (@from/@to). */
export interface DateAttributes {
  when?: string;
  notBefore?: string;
  notAfter?: string;
  from?: string;
  to?: string;
}

/** Where a mark stands: the id of its anchor on the unit's page, and the printed page. */
export interface Placed {
  anchor: string;
  page?: string;
}

export interface Mention extends Placed {
  record: string;
  /** The name as printed there. */
  form: string;
  /** The office printed before it: "Soviet Ambassador (Gromyko)". */
  role?: string;
}

export interface DatedEvent extends Placed, DateAttributes {
  printed: string;
  /** The text of the paragraph before and after the date (at most 1,200 characters each), to find its sentence in. */
  before: string;
  after: string;
}

export interface FileCitation extends Placed {
  /** In full, even where print abbreviates it ("861.01/11–2244" printed "2244"). */
  number: string;
  printed: string;
}

export interface UnitMarks {
  /** The page's file name, without extension. */
  file: string;
  mentions: Mention[];
  events: DatedEvent[];
  files: FileCitation[];
}
