/**
 * Search without a server: the seed's site in Debian's Chromium over HTTP (its CSP on). The
 * search page finds chapter 6 by its text, by a date only the markup gives and by a name only
 * the register gives; without JavaScript it says so; axe-core and html-validate find nothing
 * serious; a warm rebuild (from the build cache) writes the same index.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HtmlValidate } from 'html-validate';
import { build } from '../src/index.js';
import { root } from './helpers.js';
import { buildSite, launchChromium, serve, type Server, type Site } from './site.js';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(root, 'test-output', 'screenshots');

let site: Site;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  site = await buildSite('tei');
  server = await serve(site.out);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  site?.remove();
});

/** A new tab on `path`, recording console errors, uncaught exceptions and failed requests. */
async function open(path: string, javaScriptEnabled = true): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && m.location().url !== `${server.url}favicon.ico`) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('close', () => void context.close());
  const response = await page.goto(server.url + path, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, problems };
}

/** Type a query, submit it, and give the results: title, link, where, snippet. */
async function search(page: Page, query: string) {
  await page.fill('#search-query', query);
  await page.press('#search-query', 'Enter');
  await page.waitForFunction((q) => document.getElementById('search-status')?.textContent?.includes(q), query);
  return page.$$eval('#search-results li', (items) => items.map((li) => ({
    title: li.querySelector('a')!.textContent,
    href: li.querySelector('a')!.getAttribute('href')!,
    where: li.querySelector('.result-where')!.textContent,
    snippet: li.querySelector('.result-snippet')!.textContent,
    marked: [...li.querySelectorAll('mark')].map((m) => m.textContent),
  })));
}

describe('the search page', () => {
  it('is linked from the contents, the volume\'s page and every unit page', () => {
    for (const page of ['index.html', 'frus1944v07/index.html', 'frus1944v07/ch6.html']) {
      const html = readFileSync(join(site.out, page), 'utf8');
      expect(html, page).toMatch(page === 'index.html' ? /<a href="search\.html">Search<\/a>/ : /<a href="\.\.\/search\.html">Search<\/a>/);
    }
  });

  it('finds chapter 6 by "Galo Plaza", with a snippet, and links to the place', async () => {
    const { page, problems } = await open('search.html');
    const results = await search(page, 'Galo Plaza');
    expect(results).toHaveLength(1);
    const [chapter] = results;
    expect(chapter!.title).toMatch(/^Attitude of the United States/);
    expect(chapter!.href).toBe('frus1944v07/ch6.html#:~:text=Galo%20Plaza');
    expect(chapter!.where).toBe('Foreign Relations of the United States: Diplomatic Papers, 1944, The American Republics, Volume VII, p. 171');
    expect(chapter!.snippet).toContain('the Ecuadoran Ambassador (Galo Plaza) told the Under Secretary');
    expect(chapter!.marked).toEqual(['Galo', 'Plaza']);
    expect(await page.textContent('#search-status')).toBe('1 unit found for “Galo Plaza”.');
    await page.click('#search-results a');
    await page.waitForURL(/ch6\.html/);
    expect(new URL(page.url()).pathname).toBe('/frus1944v07/ch6.html');
    expect(await page.textContent('h1')).toMatch(/^Attitude of the United States/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds it by a date only the markup gives, by a name only the register gives, without accents, and says when nothing is found', async () => {
    const { page, problems } = await open('search.html');
    // The text reads "November 27" without a year: the date field holds 1944-11-27.
    expect(readFileSync(join(site.out, 'frus1944v07/ch6.txt'), 'utf8')).not.toContain('November 27, 1944');
    expect((await search(page, '1944-11-27')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html']);
    expect((await search(page, 'November 27, 1944')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=November%201944']);
    // "Lasso" and "Reilly" stand only in the register of names (Galo Plaza Lasso, Edward Reilly Stettinius Jr.).
    const lasso = await search(page, 'Lasso');
    expect(lasso.map((r) => r.href)).toEqual(['frus1944v07/ch6.html']);
    expect(lasso[0]!.snippet.startsWith('Attitude of the United States')).toBe(true);
    expect((await search(page, 'Edward Reilly Stettinius')).map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=Stettinius']);
    const rios = await search(page, 'Rios');
    expect(rios.map((r) => r.href)).toEqual(['frus1944v07/ch6.html#:~:text=R%C3%ADos']);
    expect(rios[0]!.marked).toEqual(['Ríos']);
    expect(await search(page, 'Zanzibar')).toEqual([]);
    expect(await page.textContent('#search-status')).toBe('Nothing found for “Zanzibar”.');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs a search given in the address', async () => {
    const { page } = await open('search.html?q=Gromyko');
    await page.waitForSelector('#search-results li');
    expect(await page.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')))).toEqual(['frus1944v07/ch6.html#:~:text=Gromyko']);
    await page.close();
  });

  it('without JavaScript says that search needs it and links to the contents', async () => {
    const { page } = await open('search.html', false);
    expect(await page.isVisible('#search-fallback')).toBe(true);
    expect(await page.textContent('#search-fallback')).toMatch(/^Search needs JavaScript/);
    expect(await page.getAttribute('#search-fallback a', 'href')).toBe('index.html');
    expect(await page.isVisible('#search-form')).toBe(false);
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core), with results shown; screenshot saved', async () => {
    const { page } = await open('search.html');
    await search(page, 'Soviet Union');
    expect(await page.isVisible('#search-fallback')).toBe(false);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'search.png'), fullPage: true });
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null; help: string }[] }> } }).axe;
      return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.close();
  });

  it('is valid HTML (html-validate, recommended rules)', async () => {
    // As in test/html-validate.test.ts: the edition's title may be long.
    const validator = new HtmlValidate({ root: true, extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });
    const report = await validator.validateString(readFileSync(join(site.out, 'search.html'), 'utf8'), 'search.html');
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
  });

  it('loads only the site\'s own scripts, under a policy that allows nothing else', () => {
    const html = readFileSync(join(site.out, 'search.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!.replace(/&#x27;/g, "'");
    expect(csp).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'");
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      '<script src="assets/minisearch.js" defer>', '<script src="assets/search-index.js" defer>', '<script src="assets/search.js" defer>',
    ]);
  });

  it('shows markup in the text of a hostile document as text: no script, no dialog', async () => {
    const hostile = await buildSite(['test/fixtures/hostile/markup-in-text.xml', 'test/fixtures/hostile/injection.xml']);
    const on = await serve(hostile.out);
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));
    try {
      await page.goto(`${on.url}search.html?q=${encodeURIComponent('script alert')}`);
      await page.waitForSelector('#search-results li');
      expect(await page.textContent('#search-results')).toContain('<script>alert(');
      expect(await page.$$eval('#search-results script, #search-results img, #search-results svg, #search-results iframe', (found) => found.length)).toBe(0);
      expect(await page.$$eval('#search-results a', (links) => links.every((a) => /^[\w%.-]+\/[\w.-]+\.html(#|$)/.test(a.getAttribute('href')!)))).toBe(true);
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
      await on.close();
      hostile.remove();
    }
  });

  it('a warm rebuild takes the units from the build cache and writes the same index', async () => {
    const index = readFileSync(join(site.out, 'assets', 'search-index.js'), 'utf8');
    expect(index).toContain('Galo Plaza');
    const again = await build({ input: join(root, 'tei'), out: site.out, cwd: root });
    expect(again.cached).toBe(1);
    expect(readFileSync(join(site.out, 'assets', 'search-index.js'), 'utf8')).toBe(index);
  });
});
