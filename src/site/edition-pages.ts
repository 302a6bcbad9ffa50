import { readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { CONTENT_SECURITY_POLICY, safeHref, type Link } from './layout.js';
import { FOOTER } from './page.js';
import type { DocumentSite } from './edition.js';
import { KINDS, registers } from './registers.js';
import { chronology } from './chronology.js';
import { archivalFiles } from './files.js';

/**
 * The pages about the whole edition, beside the contents page: the registers of persons, places
 * and organisations, the chronology and the archival files, from every document's site data
 * (xslt/site.xsl), in the build's input order. They need no script: their policy allows none.
 * A page with nothing to list is not written (and an old one is removed).
 */
const TEMPLATES = new URL('../../templates/edition/', import.meta.url);
const handlebars = Handlebars.create();
handlebars.registerHelper('href', (value: unknown) => safeHref(String(value ?? '')));
const read = (name: string) => readFileSync(fileURLToPath(new URL(`${name}.hbs`, TEMPLATES)), 'utf8');
for (const name of ['register', 'chronology', 'files']) handlebars.registerPartial(name, read(name));
let layout: HandlebarsTemplateDelegate | undefined;

const LEDES: Record<string, string> = {
  person: 'Every person the edition names, with what is known of them, and every place the text mentions them, with the name or office as printed there.',
  place: 'Every place and polity the edition names, and every place the text mentions it, with the name as printed there.',
  organisation: 'Every organisation and government the edition names, and every place the text mentions it, with the name as printed there.',
  chronology: 'Every dated event in the text, in time order, in the sentence that gives it. A date known only within bounds is shown as a range and sorted by its earliest day. Choose a year to see that year alone.',
  files: 'The Department of State Central Decimal File numbers the text cites, grouped by file. Each number is read by the 1910–49 scheme (Record Group 59, National Archives at College Park, MD): a class digit, a two-digit country number, after the point a second country (class 7) or a subject (class 8), and after the slash the paper’s running number or its date (month–day-year). A part whose meaning is not established is left undecoded.',
};

export interface EditionPages {
  /** The pages written, for the contents page. */
  links: Link[];
  pages: number;
}

export async function writeEditionPages(out: string, documents: DocumentSite[], editionTitle: string, write: (path: string, content: string) => Promise<void>): Promise<EditionPages> {
  const several = new Set(documents.flatMap((d) => d.units.map((u) => u.volume))).size > 1;
  // With several volumes, a unit's title alone may not say where it is.
  const sites = several ? documents.map((d) => ({ ...d, units: d.units.map((u) => ({ ...u, title: `${u.title} (${u.volume})` })) })) : documents;
  const pages: { file: string; title: string; partial: string; skip: string; lede: string; data: object | undefined }[] = [
    ...registers(sites).map((r, i) => ({
      file: KINDS[i]!.file, title: KINDS[i]!.title, partial: 'register', skip: 'register', lede: LEDES[r.kind]!,
      data: r.entries.length ? { entries: r.entries.map((e) => ({ ...e, mentionCount: e.count === 1 ? 'One mention' : `${e.count} mentions` })), letters: r.letters } : undefined,
    })),
    ((years) => ({ file: 'chronology.html', title: 'Chronology', partial: 'chronology', skip: 'chronology', lede: LEDES.chronology!, data: years.length ? { years } : undefined }))(chronology(sites)),
    ((files) => ({ file: 'files.html', title: 'Archival files', partial: 'files', skip: 'files', lede: LEDES.files!, data: files.length ? { files } : undefined }))(archivalFiles(sites)),
  ];
  const written = pages.filter((p) => p.data);
  const nav = written.map((p) => ({ href: p.file, title: p.title }));
  layout ??= handlebars.compile(read('layout'), { strict: false });
  for (const page of pages) {
    const path = join(out, page.file);
    if (!page.data) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    await write(path, layout({
      ...page.data, lang: 'en', csp: CONTENT_SECURITY_POLICY, title: page.title, editionTitle, footer: FOOTER,
      partial: page.partial, skip: page.skip, lede: page.lede, class: page.partial,
      nav: nav.map((n) => ({ ...n, current: n.href === page.file })),
    }).normalize('NFC'));
  }
  return { links: nav, pages: written.length };
}
