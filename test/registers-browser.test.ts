/**
 * The registers, chronology and archival files in a real browser (Debian's Chromium through
 * playwright-core, over HTTP so the pages' CSP applies): from a name in the chapter to its
 * register entry and back to the sentence; the year filter without JavaScript; axe-core on each
 * new kind of page; a screenshot of each into test-output/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { root } from './helpers.js';
import { buildSite, launchChromium, serve, type Server, type Site } from './site.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(root, 'test-output', 'screenshots');
const CHAPTER = 'frus1944v07/ch6.html';
// Every kind of page of the site but the search page (test/search.test.ts) and witnesses' pages (test/browser.test.ts).
const PAGES = ['persons.html', 'places.html', 'organisations.html', 'chronology.html', 'files.html', 'index.html', 'frus1944v07/index.html'];

let site: Site;
let server: Server;
let browser: Browser;
let context: BrowserContext;
/** Pages without JavaScript at all: everything must work there too. */
let noScript: BrowserContext;

beforeAll(async () => {
  site = await buildSite('tei');
  server = await serve(site.out);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  noScript = await browser.newContext({ viewport: { width: 1024, height: 768 }, javaScriptEnabled: false });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await noScript?.close();
  await context?.close();
  await browser?.close();
  await server?.close();
  site?.remove();
});

/** Open a page of the site, recording console errors (CSP violations among them) and failed requests. */
async function open(path: string, on: BrowserContext = context): Promise<{ page: Page; problems: string[] }> {
  const page = await on.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.location().url !== `${server.url}favicon.ico`) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(server.url + path, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  return { page, problems };
}

const targetId = (page: Page) => page.evaluate(() => document.querySelector(':target')?.id ?? null);
const inView = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => {
  const box = e.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.top < window.innerHeight;
});

describe('the edition pages in Chromium', () => {
  it('from "Gromyko" in the chapter to his register entry, and from his mention back to the sentence', async () => {
    for (const on of [context, noScript]) {
      const { page, problems } = await open(CHAPTER, on);
      try {
        await page.locator('main a.name', { hasText: /^Gromyko$/ }).click();
        await expect.poll(() => page.url()).toBe(`${server.url}persons.html#gromyko-andrei`);
        await expect.poll(() => targetId(page)).toBe('gromyko-andrei');
        await expect.poll(() => inView(page, '#gromyko-andrei h2')).toBe(true);
        expect(await page.locator('#gromyko-andrei h2').textContent()).toBe('Andrei Andreyevich Gromyko');

        const mention = page.locator('#gromyko-andrei a.mention').first();
        expect(await mention.textContent()).toBe('p. 171: Gromyko');
        await mention.click();
        await expect.poll(() => page.url()).toBe(`${server.url}${CHAPTER}#m-gromyko-andrei`);
        await expect.poll(() => targetId(page)).toBe('m-gromyko-andrei');
        await expect.poll(() => inView(page, '#m-gromyko-andrei')).toBe(true);
        const sentence = await page.locator('#m-gromyko-andrei').evaluate((e) => e.closest('p')!.textContent!.replace(/\s+/g, ' '));
        expect(sentence).toContain('indicated his willingness to inform the Soviet Ambassador (Gromyko) of the Chilean desire');
        expect(problems, problems.join('\n')).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  it('from an event of the chronology and a file citation to the date and the number in the chapter', async () => {
    const { page, problems } = await open('chronology.html');
    try {
      await page.locator('#y1943 .event-source a').click();
      await expect.poll(() => targetId(page)).toBe('date-1943-04-01');
      expect(await page.locator(':target').textContent()).toBe('April 1, 1943');
      await page.goto(`${server.url}files.html`);
      await page.locator('#file-861_01 .citations a').nth(1).click();
      await expect.poll(() => targetId(page)).toBe('file-861_01_11_2244');
      expect(await page.locator(':target').textContent()).toBe('2244');
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('filters the chronology by year without JavaScript, and shows every year again', async () => {
    const { page } = await open('chronology.html', noScript);
    try {
      const shown = () => page.locator('section.year').evaluateAll((sections) => sections.filter((s) => (s as HTMLElement).offsetParent !== null).map((s) => s.id));
      expect(await shown()).toEqual(['y1942', 'y1943', 'y1944']);
      await page.locator('nav.years a', { hasText: '1943' }).click();
      await expect.poll(shown).toEqual(['y1943']);
      await page.locator('nav.years a', { hasText: '1944' }).click();
      await expect.poll(shown).toEqual(['y1944']);
      await page.locator('nav.years a', { hasText: 'All years' }).click();
      await expect.poll(shown).toEqual(['y1942', 'y1943', 'y1944']);
    } finally {
      await page.close();
    }
  });

  it('axe-core finds no serious or critical violation on each new page, nor on the chapter; a screenshot of each', async () => {
    for (const path of [...PAGES, CHAPTER]) {
      const { page, problems } = await open(path);
      try {
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe;
          const results = await axe.run(document, { resultTypes: ['violations'] });
          return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
        });
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious, `${path}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
        expect(problems, problems.join('\n')).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `${path.replace(/[/.]/g, '-').replace(/-html$/, '')}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    }
  });
});
