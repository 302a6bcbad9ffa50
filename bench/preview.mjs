#!/usr/bin/env node
// The preview's save-to-page latency: `editio serve` (the real CLI, --jobs 2) on a FRUS-like
// volume generated from the real FRUS fragments (bench/volume.mjs, with one person record for
// the person references), and ten saves at different documents spread over the volume, in turn a
// word, a footnote, a new person reference and a page break (bench/edits.mjs). Save-to-page is
// from the source's modification time, as the save left it, to the modification time of the
// changed page's HTML, as its rename into place left it. After each page the bench waits for
// the build that follows (registers, chronology, search, the contents) and reports its time.
// Then five saves 1.5 s apart, each landing while the build for the one before still runs.
//
//   node bench/preview.mjs            (BENCH_PREVIEW_MB: the volumes' sizes, default "4,20")
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVolume } from './volume.mjs';
import { EDITS, marker, withRecords } from './edits.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const sizes = (process.env.BENCH_PREVIEW_MB ?? '4,20').split(',').map(Number);
const KINDS = Object.keys(EDITS);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function until(what, test, ms = 900_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The modification time of a file, or 0 when it is not there. */
function mtime(file) {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

async function benchVolume(megabytes) {
  const folder = mkdtempSync(join(tmpdir(), 'editio-bench-preview-'));
  mkdirSync(join(folder, 'tei'));
  const source = join(folder, 'tei', 'volume.xml');
  const volume = generateVolume(megabytes, source);
  writeFileSync(source, withRecords(readFileSync(source, 'utf8')));
  const documents = [...readFileSync(source, 'utf8').matchAll(/<div type="document" xml:id="([^"]+)"/g)].map((m) => m[1]);

  let stderr = '';
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', 'tei', '--out', 'site', '--port', '0', '--jobs', '2'], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await until('the server', () => /serving http/.test(stderr));
  console.log(`\nvolume of ${(volume.bytes / 1e6).toFixed(1)} MB, ${volume.units} units: built and serving after ${seconds(performance.now() - started)}`);

  const rebuilt = () => [...stderr.matchAll(/rebuilt in ([\d.]+) s/g)].map((m) => Number(m[1]));
  /** One save: the page's latency from the save, and (when asked to wait) the build's time. */
  async function save(i, settle) {
    const kind = KINDS[i % KINDS.length];
    const unit = documents[Math.floor(((i % 10) + 0.5) * documents.length / 10) + Math.floor(i / 10)];
    const page = join(folder, 'site', 'bench-volume', `${unit}.html`);
    const before = { page: mtime(page), builds: rebuilt().length };
    writeFileSync(source, EDITS[kind](readFileSync(source, 'utf8'), unit, i + 1));
    const saved = mtime(source);
    await until(`the page of ${unit}`, () => mtime(page) > before.page && readFileSync(page, 'utf8').includes(marker(kind, i + 1)));
    const latency = mtime(page) - saved;
    let build;
    if (settle) {
      await until('the build', () => rebuilt().length > before.builds);
      build = rebuilt().at(-1) * 1000;
    }
    console.log(`  ${String(i + 1).padStart(2)}. ${kind.padEnd(10)} in ${unit.padEnd(10)} save → page ${seconds(latency)}${build ? `; the rest rebuilt in ${seconds(build)}` : ''}`);
    return { latency, build };
  }

  const settled = [];
  for (let i = 0; i < 10; i++) settled.push(await save(i, true));
  console.log('  saves 1.5 s apart, during the build for the save before:');
  const during = [];
  for (let i = 10; i < 15; i++) {
    during.push(await save(i, false));
    await sleep(1500);
  }
  const summary = {
    megabytes: Math.round(volume.bytes / 1e6),
    units: volume.units,
    page: median(settled.map((s) => s.latency)),
    worst: Math.max(...settled.map((s) => s.latency)),
    build: median(settled.map((s) => s.build)),
    during: median(during.map((s) => s.latency)),
  };
  child.kill('SIGINT');
  await new Promise((done) => child.once('exit', done));
  rmSync(folder, { recursive: true, force: true });
  return summary;
}

console.log(`editio serve on ${process.platform}, Node ${process.version}: save-to-page latency, median of 10 saves`);
const rows = [];
for (const megabytes of sizes) rows.push(await benchVolume(megabytes));
console.log('\n| volume | save → page (median of 10) | slowest | the rest rebuilt (median) | save → page during a build (median of 5) |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.megabytes} MB, ${r.units.toLocaleString('en')} units | ${seconds(r.page)} | ${seconds(r.worst)} | ${seconds(r.build)} | ${seconds(r.during)} |`);
