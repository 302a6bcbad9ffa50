import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { CiteView } from './cite.js';

/**
 * Page layouts from handlebars templates (templates/*.hbs); the body of each page comes from
 * XSLT. Handlebars escapes text and attribute values but knows nothing of URLs, so every
 * href goes through the `href` helper, which lets only relative paths and http(s) through.
 */
const TEMPLATES = new URL('../../templates/', import.meta.url);

/** No script at all, styles and images from the site itself only. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

/** A page that loads editio's own script files (copy buttons, the reading switch): scripts from the site itself, nothing inline. */
export const CONTENT_SECURITY_POLICY_WITH_SCRIPTS = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

const handlebars = Handlebars.create();
handlebars.registerHelper('href', (value: unknown) => safeHref(String(value ?? '')));
handlebars.registerPartial('cite', readFileSync(fileURLToPath(new URL('partials/cite.hbs', TEMPLATES)), 'utf8'));

const compiled = new Map<string, HandlebarsTemplateDelegate>();
function template(name: 'page' | 'index' | 'volume' | 'search'): HandlebarsTemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    t = handlebars.compile(readFileSync(fileURLToPath(new URL(`${name}.hbs`, TEMPLATES)), 'utf8'), { strict: false });
    compiled.set(name, t);
  }
  return t;
}

/** A relative path, or an http(s) URL; anything else (javascript:, data:, …) becomes "#". */
export function safeHref(value: string): string {
  const squeezed = value.replace(/[\s\u0000-\u001f\u007f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(squeezed)?.[1];
  return scheme === undefined || scheme === 'http' || scheme === 'https' ? value : '#';
}

export interface Link {
  href: string;
  title: string;
}

export interface PageData {
  lang: string;
  title: string;
  editionTitle: string;
  /** Relative path to the folder of CSS files, and to the edition's contents page. */
  assets: string;
  home: string;
  /** The search page, when the page is part of a built site (a page `editio render` writes alone has none). */
  search?: string;
  canonical?: string;
  meta: { name: string; content: string }[];
  sourceCitation?: string;
  /** HTML made by xslt/html.xsl: trusted, inserted as is. */
  body: string;
  /** Script files in the assets folder the page loads (deferred); a page with none may run no script at all. */
  scripts?: string[];
  parent?: Link;
  pager?: { prev?: Link; next?: Link };
  /** The "Cite this" section. */
  cite?: CiteView;
  footer: string;
}

export function pageHtml(data: PageData): string {
  return template('page')({ ...data, csp: data.scripts?.length ? CONTENT_SECURITY_POLICY_WITH_SCRIPTS : CONTENT_SECURITY_POLICY });
}

export interface IndexData {
  lang: string;
  title: string;
  assets: string;
  footer: string;
  /** The pages about the whole edition: registers, chronology, archival files. */
  edition?: Link[];
  documents: {
    folder: string;
    title: string;
    source?: string;
    /** The volume's own page, when it has one. */
    volume?: string;
    units: { href: string; title: string; pages?: string; kind: string; date?: string; dateText?: string }[];
  }[];
}

export function indexHtml(data: IndexData): string {
  return template('index')({ ...data, csp: CONTENT_SECURITY_POLICY });
}

/** A volume's own page: its contents with dates and pages, and its citation. */
export interface VolumeData {
  lang: string;
  title: string;
  source?: string;
  assets: string;
  home: string;
  /** The site's search page. */
  search: string;
  units: IndexData['documents'][number]['units'];
  cite?: CiteView;
  footer: string;
}

export function volumeHtml(data: VolumeData): string {
  const scripts = data.cite ? ['editio.js'] : [];
  return template('volume')({ ...data, scripts, csp: scripts.length ? CONTENT_SECURITY_POLICY_WITH_SCRIPTS : CONTENT_SECURITY_POLICY });
}

export interface SearchPageData {
  lang: string;
  /** The edition's title, as on the contents page. */
  title: string;
  footer: string;
  /** Script files of the assets folder, in the order they run: MiniSearch, the index, the search script. */
  scripts: string[];
}

/** The search page, at the site's root beside the contents; without script it says so and links to the contents. */
export function searchHtml(data: SearchPageData): string {
  return template('search')({ ...data, csp: CONTENT_SECURITY_POLICY_WITH_SCRIPTS });
}
