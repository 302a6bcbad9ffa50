/**
 * The reading edition in a real browser: Debian's Chromium, driven by playwright-core, over HTTP
 * (the pages carry a Content-Security-Policy, which file:// would not exercise). No browser is
 * ever downloaded: scripts/system-deps.sh (run by `npm test`) installs /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildSite, serve, type Server, type Site } from './site.js';
import { CRITICAL, Edition } from './critical.js';

const CHROMIUM = '/usr/bin/chromium';
const CHAPTER = 'frus1944v07/ch6.html';
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let site: Site | undefined;
let server: Server | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

/** What went wrong on a page: console errors, uncaught exceptions, CSP violations, failed requests. */
interface Watched {
  page: Page;
  problems: string[];
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium. Run \`bash scripts/system-deps.sh\` (as root) or \`sudo apt-get install chromium\`; \`npm test\` does this before the tests.`);
  }
  site = await buildSite('tei');
  server = await serve(site.out);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  site?.remove();
});

/** Open `path` of the site (by default the seed's, in the default context) in a new tab and record everything that goes wrong on it. */
async function open(path: string, where: { on?: Server; in?: BrowserContext } = {}): Promise<Watched> {
  const site = where.on ?? server!;
  const page = await (where.in ?? context!).newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium asks every origin for /favicon.ico by itself; the edition declares no icon, so a 404
    // there is the browser's guess, not a broken link in the page (a declared <link rel="icon"> is
    // fetched as a page request and still counts).
    if (message.location().url === `${site.url}favicon.ico`) return;
    problems.push(`console error: ${message.text()} [${message.location().url}]`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  // A CSP violation is also logged to the console; the event catches the ones that are not.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const response = await page.goto(site.url + path, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  return { page, problems };
}

/** Whether the top of the element matching `selector` is inside the viewport. */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.top < window.innerHeight && box.bottom > 0;
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Run axe-core on the page as served (its CSP left on) and give the serious and critical violations. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no script-src) does not govern,
  // unlike a <script> added to the page.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => JSON.stringify(n.target)).join('\n    ')}`).join('\n');
}

/** Open `path` and expect axe-core to find no serious or critical violations on it. */
async function expectAccessible(path: string, where: { on?: Server } = {}): Promise<void> {
  const { page } = await open(path, where);
  try {
    const violations = await axeViolations(page);
    expect(violations, `axe-core on ${path}:\n${describeViolations(violations)}`).toEqual([]);
  } finally {
    await page.close();
  }
}

describe('the reading edition in Chromium', () => {
  it('applies the edition stylesheet under the page CSP, with no console errors or violations', async () => {
    const { page, problems } = await open(CHAPTER);
    try {
      const style = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        return {
          font: body.fontFamily,
          margin: body.margin,
          serif: getComputedStyle(document.documentElement).getPropertyValue('--serif').trim(),
          sheets: [...document.styleSheets].map((s) => s.href ?? 'inline'),
        };
      });
      expect(style.sheets.some((href) => href.endsWith('/assets/editio.css'))).toBe(true);
      // The custom property exists only if editio.css was loaded and applied.
      expect(style.serif, 'editio.css defines --serif on :root').not.toBe('');
      expect(style.font.replace(/\s+/g, ' ')).toBe(style.serif.replace(/\s+/g, ' '));
      expect(style.font).toMatch(/^Georgia\b/);
      expect(style.margin).toBe('0px'); // the browser's default is 8px
      await page.waitForLoadState('networkidle');
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('follows a footnote reference to its note and the back-link back to the reference', async () => {
    const { page, problems } = await open(CHAPTER);
    try {
      const ref = page.locator('sup.noteref a#ch6fn1-ref');
      await expect(ref.count()).resolves.toBe(1);
      await expect(page.locator('aside#ch6fn1').count()).resolves.toBe(1);
      expect(await inView(page, 'aside#ch6fn1'), 'the note starts below the first screen').toBe(false);

      await ref.click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#ch6fn1');
      expect(await page.locator('aside#ch6fn1').isVisible()).toBe(true);
      await expect.poll(() => inView(page, 'aside#ch6fn1'), { timeout: 5_000 }).toBe(true);
      expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('ch6fn1');

      await page.locator('aside#ch6fn1 a.backlink[role="doc-backlink"]').click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#ch6fn1-ref');
      expect(await ref.isVisible()).toBe(true);
      await expect.poll(() => inView(page, '#ch6fn1-ref'), { timeout: 5_000 }).toBe(true);
      expect(await inView(page, 'aside#ch6fn1'), 'the note has scrolled out of view').toBe(false);
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('shows the [Page 171] marker once, with id pg_171, between the two paragraphs it divides', async () => {
    const { page } = await open(CHAPTER);
    try {
      const marker = await page.evaluate(() => {
        const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
        const main = document.querySelector('main')!;
        const markers = [...main.querySelectorAll('.pb')].filter((e) => squash(e.textContent ?? '') === '[Page 171]');
        const text = squash(main.textContent ?? '');
        const pb = markers[0];
        if (!pb) return { count: 0, occurrences: text.split('[Page 171]').length - 1 };
        const before = document.createRange();
        before.setStart(main, 0);
        before.setEndBefore(pb);
        const after = document.createRange();
        after.setStartAfter(pb);
        after.setEnd(main, main.childNodes.length);
        return {
          count: markers.length,
          occurrences: text.split('[Page 171]').length - 1,
          id: pb.id,
          href: pb.querySelector('a')?.getAttribute('href'),
          before: squash(before.toString()).slice(-80),
          after: squash(after.toString()).slice(0, 80),
        };
      });
      expect(marker.count).toBe(1);
      expect(marker.occurrences).toBe(1);
      expect(marker.id).toBe('pg_171');
      expect(marker.href).toBe('#pg_171');
      expect(marker.before).toMatch(/affiliated with the Soviet Union\.”$/);
      expect(marker.after).toMatch(/^The Chilean President told/);
    } finally {
      await page.close();
    }
  });

  it('Cite this: a copy button copies the citation where script runs; without script the citation is plain text and no button shows', async () => {
    const { page, problems } = await open(CHAPTER);
    try {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server!.url.replace(/\/$/, '') });
      const button = page.locator('button[data-copy="cite-chicago-note"]');
      await expect.poll(() => button.isVisible()).toBe(true);
      await button.click();
      await expect.poll(() => page.locator('#cite-status').textContent()).toBe('Copied the Chicago, full note.');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/^“Attitude of the United States with Respect to .*, 170–71, https:\/\/history\.state\.gov\/historicaldocuments\/frus1944v07\/ch6\.$/);
      const shown = await page.locator('#cite-chicago-note').textContent();
      expect(copied).toBe(shown!.replace(/\s+/g, ' ').trim());
      // The downloads are served beside the page.
      for (const [file, start] of [['ch6.bib', '@inbook{frus1944v07_ch6,'], ['ch6.ris', 'TY  - CHAP'], ['ch6.json', '[']]) {
        const response = await page.request.get(new URL(file, page.url()).href);
        expect(response.status()).toBe(200);
        expect((await response.text()).startsWith(start!)).toBe(true);
      }
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }

    const noScript = await browser!.newContext({ javaScriptEnabled: false });
    try {
      const plain = await noScript.newPage();
      await plain.goto(server!.url + CHAPTER);
      expect(await plain.locator('button[data-copy]').first().isVisible()).toBe(false);
      expect(await plain.locator('#cite-chicago-note').isVisible()).toBe(true);
      expect(await plain.locator('#cite-mla').textContent()).toContain('The American Republics, edited by E. Ralph Perkins et al.');
    } finally {
      await noScript.close();
    }
  });

  it.each([
    ['the chapter page', CHAPTER],
    ['the edition contents page', 'index.html'],
  ])('axe-core finds no serious or critical accessibility violations on %s', (_name, path) => expectAccessible(path));
});

describe('a critical edition in Chromium', () => {
  const PAGE = 'monroe-1823/monroe1823.html';
  const edition = new Edition(CRITICAL);
  const expected = (reading: string) => edition.paragraphs(reading).join(' ').replace(/\s+/g, ' ');
  let critical: Site | undefined;
  let criticalServer: Server | undefined;
  let noScript: BrowserContext | undefined;

  beforeAll(async () => {
    critical = await buildSite('test/fixtures/critical');
    criticalServer = await serve(critical.out);
    noScript = await browser!.newContext({ viewport: { width: 1024, height: 768 }, javaScriptEnabled: false });
  });
  afterAll(async () => {
    await noScript?.close();
    await criticalServer?.close();
    critical?.remove();
  });

  /** The text a reader sees in the body of the page: no hidden readings, apparatus markers or struck-through words. */
  const shownText = (page: Page) =>
    page.evaluate(() => {
      const copy = document.querySelector('article')!.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[hidden], sup.appref, del, nav, fieldset, .witness-view, .apparatus, .register, .footnotes').forEach((e) => e.remove());
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    });

  it("follows an apparatus marker to its entry and the entry's back-link back to the marker", async () => {
    const { page, problems } = await open(PAGE, { on: criticalServer });
    try {
      expect(await inView(page, 'li#app-40'), 'the entry starts below the first screen').toBe(false);
      await page.locator('a#app-40-ref').click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#app-40');
      await expect.poll(() => inView(page, 'li#app-40'), { timeout: 5_000 }).toBe(true);
      expect((await page.locator('li#app-40').innerText()).replace(/\s+/g, ' ')).toBe('40 preparation] preparations B');

      await page.locator('li#app-40 a.backlink').click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#app-40-ref');
      await expect.poll(() => inView(page, '#app-40-ref'), { timeout: 5_000 }).toBe(true);
      expect(await inView(page, 'li#app-40'), 'the entry has scrolled out of view').toBe(false);
      await page.waitForLoadState('networkidle');
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("switches the text in place to each witness's readings and back, its script allowed by the page's policy", async () => {
    const { page, problems } = await open(PAGE, { on: criticalServer });
    try {
      const choose = async (value: string) => page.locator(`fieldset.reading-switch input[value="${value}"]`).check();
      await expect.poll(() => page.locator('fieldset.reading-switch').isVisible()).toBe(true);
      expect(await shownText(page)).toBe(expected('lem'));
      for (const witness of edition.witnesses) {
        await choose(witness.id);
        expect(await shownText(page), `witness ${witness.siglum}`).toBe(expected(witness.id));
        expect(await page.locator('.reading-status').innerText()).toBe(`The text shows the readings of witness ${witness.siglum}.`);
      }
      await choose('lem');
      expect(await shownText(page)).toBe(expected('lem'));
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("reads fully without JavaScript: the reading text and its apparatus, and links to each witness's page", async () => {
    const { page, problems } = await open(PAGE, { on: criticalServer, in: noScript });
    try {
      expect(await page.locator('fieldset.reading-switch').isVisible()).toBe(false);
      expect(await shownText(page)).toBe(expected('lem'));
      expect(await page.locator('.apparatus li').count()).toBe(edition.apps.length);
      await page.locator('nav.witnesses a', { hasText: 'Witness B' }).click();
      await page.waitForURL(/monroe1823\.wit-print\.html$/);
      expect(await shownText(page)).toBe(expected('print'));
      expect(await page.locator('nav.witnesses a[aria-current="page"]').innerText()).toBe('Witness B');
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each([
    ['the reading text', PAGE],
    ["a witness's page", 'monroe-1823/monroe1823.wit-C.html'],
  ])('axe-core finds no serious or critical accessibility violations on %s', (_name, path) => expectAccessible(path, { on: criticalServer }));
});
