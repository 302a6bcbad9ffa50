#!/usr/bin/env node
// Transform throughput and peak memory: the HTML and the text edition of the TEI Simple books
// of the shared corpus (15 files, 6 MB of real TEI written by others) and of the seed.
// Each document is parsed once and its tree handed to the stylesheets, as `editio build` does.
// Run with `npm run bench` (builds first). Prints MB/s, documents/s and peak RSS.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInputs } from '../dist/load/inputs.js';
import { parseForSaxon } from '../dist/load/parse.js';
import { renderPages } from '../dist/transform/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, '..', 'shared', 'corpus', 'tei-simple');
const ROUNDS = Number(process.env.ROUNDS ?? 3);

async function bench(label, files) {
  const { sources } = await loadInputs(files);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  let started = performance.now();
  const trees = [];
  for (const source of sources) trees.push(await parseForSaxon(source));
  const parse = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(12)} parse  ${(bytes / 1e6).toFixed(2)} MB in ${parse.toFixed(2)} s = ${(bytes / 1e6 / parse).toFixed(2)} MB/s`);
  for (const target of ['html', 'text']) {
    const times = [];
    for (let round = 0; round < ROUNDS; round++) {
      started = performance.now();
      sources.forEach((source, i) => renderPages(source, trees[i], [target]));
      times.push((performance.now() - started) / 1000);
    }
    const best = Math.min(...times);
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    console.log(
      `${label.padEnd(12)} ${target.padEnd(5)}  ${String(sources.length).padStart(3)} docs  best ${best.toFixed(2)} s  median ${median.toFixed(2)} s  ` +
        `${(bytes / 1e6 / best).toFixed(2)} MB/s  ${(sources.length / best).toFixed(1)} docs/s (first round ${times[0].toFixed(2)} s)`,
    );
  }
}

console.log(`editio render benchmark (node ${process.version}, ${ROUNDS} rounds; metadata is made with each target)`);
await bench('seed', [join(root, 'tei', 'frus1944v07-ch6.xml')]);
await bench('tei-simple', readdirSync(corpus).filter((f) => f.endsWith('.xml')).map((f) => join(corpus, f)).sort());
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
