import type { UnitMetadata } from '../transform/metadata.js';
import type { AuthorityRecord, SiteData, UnitMarks } from '../transform/site.js';

/**
 * One document's share of the edition-wide pages (registers, chronology, archival files): its
 * records and its pages' marks, each page with the address and title the site pages link with.
 * It travels from the worker to the build and into the build cache, so it holds only data.
 */
export interface DocumentSite {
  records: AuthorityRecord[];
  units: SiteUnit[];
}

export interface SiteUnit extends UnitMarks {
  /** The unit's page, relative to the output folder: "frus1944v07/ch6.html". */
  href: string;
  title: string;
  /** The volume (or document) it belongs to, to tell units of several volumes apart. */
  volume: string;
}

export function documentSite(data: SiteData, folder: string, volume: string, units: UnitMetadata[]): DocumentSite {
  const byFile = new Map(units.map((u) => [u.file, u]));
  return {
    records: data.records,
    units: data.units.flatMap((marks) => {
      const unit = byFile.get(marks.file);
      return unit ? [{ ...marks, href: `${folder}/${unit.file}.html`, title: unit.title, volume }] : [];
    }),
  };
}

/** "p. 171" */
export function pageLabel(page: string | undefined): string | undefined {
  return page ? `p. ${page}` : undefined;
}

/** A stable order of strings that does not depend on the machine's locale. */
export const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
