/**
 * The preview's quick way from a save to its page (src/preview/, editio serve) on a generated
 * volume built in parts: the page of the unit an edit fell in is made at once, and is the page
 * the build makes; the build that follows leaves the output folder as a cold build of the edited
 * sources makes it, byte for byte; a save that is not well-formed keeps the last good page and
 * says where, in the open page too; an editor's atomic save (a new file renamed over the old)
 * is seen; only the open pages whose files changed reload. (test/preview-cut.test.ts: the parts.)
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build, serve, type BuildReport, type Preview } from '../src/index.js';
import type { Diagnostic } from '../src/diagnostic.js';
import { LineIndex } from '../src/load/position.js';
import { launchChromium } from './site.js';
// @ts-expect-error: plain JavaScript modules of the benchmarks, without types
import { generateVolume } from '../bench/volume.mjs';
// @ts-expect-error: as above
import { EDITS, marker, withRecords } from '../bench/edits.mjs';

/** Whole builds of a volume, on a busy 2-core machine. */
const LONG = 400_000;
/** Volumes over this many characters are cut, into parts of a quarter of it: the 0.3 MB volume makes about ten. */
const PART = 120_000;

type Edit = (text: string, unit: string, n: number) => string;
const edits = EDITS as Record<'word' | 'note' | 'person' | 'page break', Edit>;
const markerOf = marker as (kind: string, n: number) => string;

interface Event {
  type: 'page' | 'build' | 'error';
  page?: string;
  waits?: string;
  report?: BuildReport;
  refused?: Diagnostic[];
  message?: string;
}

let folder: string;
let source: string;
let out: string;
let preview: Preview;
let browser: Browser;
const events: Event[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'editio-preview-'));
  mkdirSync(join(folder, 'tei'));
  source = join(folder, 'tei', 'volume.xml');
  generateVolume(0.3, source);
  writeFileSync(source, withRecords(readFileSync(source, 'utf8')));
  out = join(folder, 'site');
  preview = await serve({
    input: join(folder, 'tei'), out, port: 0, partCharacters: PART, jobs: 2, cwd: folder,
    onPage: (e) => events.push({ type: 'page', ...e }),
    onBuild: (e) => events.push({ type: 'build', ...e }),
    onError: (e) => events.push({ type: 'error', message: e.message }),
  });
  browser = await launchChromium();
}, LONG);

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The first event from `from` on that passes `test`. */
async function next(from: number, test: (e: Event) => boolean, what: string, ms = LONG / 2): Promise<Event> {
  const end = Date.now() + ms;
  for (;;) {
    const found = events.slice(from).find(test);
    if (found) return found;
    const error = events.slice(from).find((e) => e.type === 'error');
    if (error) throw new Error(`${what}: ${error.message}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events.slice(from).map((e) => ({ ...e, report: undefined })))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const built = (e: Event) => e.type === 'build' && e.report !== undefined;
const pageOf = (unit: string) => (e: Event) => e.type === 'page' && e.page === join(out, 'bench-volume', `${unit}.html`);

/** Save an edit and wait for its unit's page, made at once, then for the build after it: the page as made, and as the build left it. */
async function saveAndSettle(kind: keyof typeof edits, unit: string, n: number): Promise<{ quick: string; settled: string }> {
  await preview.settled();
  const from = events.length;
  writeFileSync(source, edits[kind](readFileSync(source, 'utf8'), unit, n));
  const made = await next(from, pageOf(unit), `the page of ${unit}`);
  const quick = readFileSync(made.page!, 'utf8');
  expect(quick).toContain(markerOf(kind, n));
  const build = await next(from, built, `the build after ${kind} in ${unit}`);
  expect(events.indexOf(made), 'the page came before the build').toBeLessThan(events.indexOf(build));
  return { quick, settled: readFileSync(made.page!, 'utf8') };
}

/** A cold build of the volume as it is now, elsewhere: every file of it, and of the preview's output folder. */
async function compareWithColdBuild(): Promise<void> {
  await preview.settled();
  const cold = join(folder, `cold-${Date.now()}`);
  mkdirSync(join(cold, 'tei'), { recursive: true });
  copyFileSync(source, join(cold, 'tei', 'volume.xml'));
  await build({ input: join(cold, 'tei'), out: join(cold, 'site'), partCharacters: PART, incremental: false, jobs: 2, cwd: cold });
  const [expected, actual] = [snapshot(join(cold, 'site')), snapshot(out)];
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [file, bytes] of expected) expect(actual.get(file), file).toBe(bytes);
}

function snapshot(site: string): Map<string, string> {
  return new Map(readdirSync(site, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(site, f)).isFile()).sort().map((f) => [f, readFileSync(join(site, f), 'latin1')]));
}

/** A page open in the browser, listening to the preview. */
async function open(unit: string): Promise<Page> {
  const page = await browser.newPage();
  const listening = page.waitForResponse((r) => r.url().includes('/_editio/events?'));
  await page.goto(`${preview.url}bench-volume/${unit}.html`);
  await listening;
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
  return page;
}

const stillLoadedOnce = (page: Page) => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true);

describe('the preview of a volume in parts', () => {
  it('makes the page of a saved word at once, the page the build makes; the open page reloads, the others stay; the site ends as a cold build makes it', async () => {
    const [edited, other] = [await open('d227-r3'), await open('d259-r2')];
    const { quick, settled } = await saveAndSettle('word', 'd227-r3', 1);
    expect(settled, 'the build wrote the page as it was made').toBe(quick);
    await edited.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Edited1'), undefined, { timeout: 60_000 });
    expect(await stillLoadedOnce(edited)).toBe(false);
    expect(await stillLoadedOnce(other), 'a page whose file did not change is not reloaded').toBe(true);
    await Promise.all([edited.close(), other.close()]);
    await compareWithColdBuild();
  }, LONG);

  it('makes the page of a new footnote, a new person reference and a page break at once, as the build makes them', async () => {
    const saves = [['note', 'd153-r1'], ['person', 'd260-r3'], ['page break', 'd262-r4']] as const;
    for (const [i, [kind, unit]] of saves.entries()) {
      const { quick, settled } = await saveAndSettle(kind, unit, i + 2);
      expect(settled, `${kind}: the build wrote the page as it was made`).toBe(quick);
    }
    await compareWithColdBuild();
  }, LONG);

  it('keeps a page made during a build from a newer save than the build read: the page never goes back', async () => {
    const from = events.length;
    const page = join(out, 'bench-volume', 'd256-r2.html');
    writeFileSync(source, edits.word(readFileSync(source, 'utf8'), 'd256-r2', 5));
    await next(from, pageOf('d256-r2'), 'the first page');
    // The build for the first save has read it by now, and is still transforming its part.
    await new Promise((r) => setTimeout(r, 500));
    const second = events.length;
    writeFileSync(source, edits.word(readFileSync(source, 'utf8'), 'd256-r2', 6));
    await next(second, pageOf('d256-r2'), 'the second page');
    // The build for the first save ends after the second page: the page stays the newer one.
    await next(second, built, 'the build during the second save');
    expect(readFileSync(page, 'utf8')).toContain('Edited6');
    await preview.settled();
    expect(readFileSync(page, 'utf8')).toContain('Edited6');
    await compareWithColdBuild();
  }, LONG);

  it('keeps the last good page when a save is not well-formed, and says where, in the open page too; the fixed save clears it', async () => {
    const page = await open('d228-r2');
    const good = readFileSync(source, 'utf8');
    const before = readFileSync(join(out, 'bench-volume', 'd228-r2.html'), 'utf8');
    const from = events.length;
    const at = good.indexOf('</p>', good.indexOf('xml:id="d228-r2"'));
    const { line, column } = new LineIndex(good).positionAt(at);
    writeFileSync(source, good.slice(0, at) + '<hi>half' + good.slice(at)); // a tag opened, not yet closed
    const refused = await next(from, (e) => e.type === 'build' && !e.report, 'the finding');
    expect(refused.refused!.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toEqual([`tei/volume.xml:${line}:${column + '<hi>half'.length} xml-wellformed`]);
    await page.waitForSelector('#editio-problem', { timeout: 60_000 });
    expect(await page.textContent('#editio-problem')).toContain(`tei/volume.xml:${line}:${column + '<hi>half'.length}  error  xml-wellformed`);
    expect(readFileSync(join(out, 'bench-volume', 'd228-r2.html'), 'utf8'), 'the last good page stays').toBe(before);
    expect(readFileSync(join(out, 'bench-volume', 'd228-r2.html'), 'utf8')).not.toContain('_editio');

    writeFileSync(source, good.slice(0, at) + '<hi>half</hi>' + good.slice(at));
    await next(from, pageOf('d228-r2'), 'the page of the fixed save');
    await page.waitForFunction(() => !document.getElementById('editio-problem') && document.querySelector('main')?.textContent?.includes('half'), undefined, { timeout: 60_000 });
    await next(from, built, 'the build after the fixed save');
    await page.close();
  }, LONG);

  it('sees an atomic save: a new file written beside the source and renamed over it', async () => {
    const from = events.length;
    const temporary = join(folder, 'tei', '.volume.xml.swp');
    writeFileSync(temporary, edits.word(readFileSync(source, 'utf8'), 'd226-r1', 9));
    renameSync(temporary, source);
    const made = await next(from, pageOf('d226-r1'), 'the page of the atomic save');
    expect(readFileSync(made.page!, 'utf8')).toContain('Edited9');
    await next(from, built, 'the build after the atomic save');
  }, LONG);
});
