/**
 * The injection fixtures in a real browser: each page editio builds from them, served over HTTP
 * (so that the page's Content-Security-Policy applies) and opened in Debian's Chromium, runs no
 * script. Proven twice: the DOM holds no script element, event handler or script URL (editio
 * escaped or dropped them), and nothing ran (no dialog, no console message but the browser's
 * own CSP reports, no request outside the served folder). CSP violations are counted: any one
 * would be a script or resource that slipped through and was blocked.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { build, type BuildReport } from '../src/index.js';
import { fixtures } from './helpers.js';
import { CHROMIUM, htmlFiles, launchChromium, serve, type Server } from './site.js';

/** Each injection fixture, and text its page must still show (the payloads as plain text, where they were text). */
const SHOWN: Record<string, string[]> = {
  injection: ['A <script>alert("head")</script> heading', 'Mallory said </p><script>alert(8)</script>'],
  'markup-in-text': ['A <script>alert("head")</script> heading', 'Text with <img src=x onerror=alert(2)> and <svg onload=alert(3)>', 'An item <a href="javascript:alert(6)">link</a>'],
  'page-number-injection': ['Before [Page "><script>alert(1)</script>] after.'],
  'script-element': ['An HTML script: alert(document.cookie).'],
  'svg-onload': ['alert(2)'],
  'event-handler-attribute': ['A paragraph with an event handler.'],
  'script-urls': ['Links: one, two, three, four, five, six, seven, .'],
  'quotes-in-xml-id': ['A paragraph with a hostile id.'],
  'quotes-in-n': ['A footnote1"><img src=x onerror=alert(3)> and a page break [Page "><b>4] here.'],
  'processing-instruction': ['A processing instruction.'],
};

/** What a page did and holds once loaded. */
interface Visit {
  dialogs: string[];
  console: string[];
  /** Requests outside the served folder that the CSP did not stop. */
  outside: string[];
  /** Requests the CSP stopped before they left the browser. */
  blocked: string[];
  errors: string[];
  violations: string[];
  live: string[];
  text: string;
}

let out = '';
let report: BuildReport | undefined;
let server: Server | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`bash scripts/system-deps.sh\` as root (npm test does).`);
  out = mkdtempSync(join(tmpdir(), 'editio-injection-'));
  report = await build({ input: Object.keys(SHOWN).map((name) => join(fixtures, 'hostile', `${name}.xml`)), out });
  server = await serve(out);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

async function visit(path: string): Promise<Visit> {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const seen: Visit = { dialogs: [], console: [], outside: [], blocked: [], errors: [], violations: [], live: [], text: '' };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    // Chromium's own report of a blocked resource is counted below, as a violation; it asks for /favicon.ico by itself.
    if (/Content Security Policy/.test(message.text()) || message.location().url === `${server!.url}favicon.ico`) return;
    seen.console.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  // A request the CSP stops still shows here, failed with "csp" (net::ERR_BLOCKED_BY_CSP): it never left the browser.
  const blocked = new Set<string>();
  page.on('requestfailed', (request) => {
    if (/^(csp|net::ERR_BLOCKED_BY_CSP)$/.test(request.failure()?.errorText ?? '')) blocked.add(request.url());
  });
  const outside: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(server!.url)) outside.push(request.url());
  });
  await page.addInitScript(() => {
    const found: string[] = [];
    (window as unknown as { violations: string[] }).violations = found;
    document.addEventListener('securitypolicyviolation', (event) => found.push(`${event.violatedDirective} ${event.blockedURI || 'inline'}`));
  });
  const response = await page.goto(server!.url + path, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState('networkidle');
  const inPage = await page.evaluate(() => {
    // editio's own script files (copy buttons, reading switch) are the page's, not injected.
    const own = (e: Element) => e.localName === 'script' && /(^|\/)assets\/(editio|witnesses)\.js$/.test(e.getAttribute('src') ?? '');
    const live = [...document.querySelectorAll('*')].filter(
      (e) =>
        !own(e) && ['script', 'iframe', 'object', 'embed', 'frame', 'base'].includes(e.localName) ||
        [...e.attributes].some((a) => a.name.startsWith('on') || (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value))),
    );
    return {
      violations: (window as unknown as { violations: string[] }).violations,
      live: live.map((e) => e.outerHTML.slice(0, 200)),
      text: (document.querySelector('main') ?? document.body).innerText,
    };
  });
  await context.close();
  seen.outside = outside.filter((url) => !blocked.has(url));
  return { ...seen, ...inPage, blocked: [...blocked] };
}

describe('the injection fixtures in Chromium', () => {
  it('are all built, each to one page', () => {
    expect(report!.documents).toBe(Object.keys(SHOWN).length);
    // And the register of the one person they name (injection.xml's Mallory).
    expect(htmlFiles(out).map((f) => relative(out, f)).sort()).toEqual([...Object.keys(SHOWN).map((name) => `${name}/d1.html`), 'index.html', 'persons.html', 'search.html'].sort());
  });

  const violations = new Map<string, string[]>();
  afterAll(() => {
    const total = [...violations.values()].reduce((sum, v) => sum + v.length, 0);
    console.info(`CSP violations on the injection pages: ${total} (${[...violations].map(([path, v]) => `${path}: ${v.length}${v.length ? ` [${v.join('; ')}]` : ''}`).join(', ')})`);
  });

  it.each([...Object.keys(SHOWN).map((name) => [`${name}/d1.html`, SHOWN[name]!] as const), ['index.html', ['A <script>alert("head")</script> heading']] as const, ['persons.html', ['Mallory <img src=x onerror=alert(1)>', 'A <script>alert("head")</script> heading']] as const])(
    '%s runs no script and still shows its text',
    async (path, shown) => {
      const seen = await visit(path);
      violations.set(path, seen.violations);
      expect(seen.live, 'script elements, handlers or script URLs in the DOM').toEqual([]);
      expect(seen.dialogs).toEqual([]);
      expect(seen.console).toEqual([]);
      expect(seen.errors).toEqual([]);
      expect(seen.outside, 'requests outside the served folder').toEqual([]);
      // The one resource the CSP has to stop: an image from outside the site (img-src 'self'), which editio keeps as a link to it.
      const external = path === 'script-urls/d1.html' ? ['https://example.invalid/track.png'] : [];
      expect(seen.violations).toEqual(external.map((url) => `img-src ${url}`));
      expect(seen.blocked).toEqual(external);
      const text = seen.text.replace(/\s+/g, ' ');
      for (const phrase of shown) expect(text).toContain(phrase);
    },
  );
});
