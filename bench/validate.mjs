#!/usr/bin/env node
// Validation throughput and peak memory on realistic inputs: the TEI Simple books of the
// shared corpus (0.3–1 MB each, real TEI from others) and the embedded seed edition.
// Run with `npm run bench` (builds first). Prints MB/s, documents/s and peak RSS.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { validate } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join(root, '..', 'shared', 'corpus', 'tei-simple');
const seed = join(root, 'tei', 'frus1944v07-ch6.xml');
const ROUNDS = Number(process.env.ROUNDS ?? 3);

function xmlFilesIn(folder) {
  return readdirSync(folder).filter((f) => f.endsWith('.xml')).map((f) => join(folder, f)).sort();
}

async function bench(label, inputs, options = {}) {
  const bytes = inputs.reduce((sum, f) => sum + statSync(f).size, 0);
  const times = [];
  let findings = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    findings = (await validate(inputs, options)).length;
    times.push(performance.now() - started);
  }
  const best = Math.min(...times) / 1000;
  const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)] / 1000;
  console.log(
    `${label.padEnd(34)} ${String(inputs.length).padStart(3)} docs ${(bytes / 1e6).toFixed(2).padStart(6)} MB  ` +
      `best ${best.toFixed(2)} s  median ${median.toFixed(2)} s  ` +
      `${(bytes / 1e6 / best).toFixed(2).padStart(6)} MB/s  ${(inputs.length / best).toFixed(1).padStart(6)} docs/s  ${findings} findings`,
  );
}

async function schemaCompileTime() {
  const profile = readFileSync(join(root, 'schemas', 'editio.rng'), 'utf8');
  const trivial = '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><element><anyName/><empty/></element></start></grammar>';
  const xml = { fileName: 'x.xml', contents: '<TEI xmlns="http://www.tei-c.org/ns/1.0"/>' };
  const time = async (schema) => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await validateXML({ xml: [xml], schema: [{ fileName: 's.rng', contents: schema }], extension: 'relaxng' });
      best = Math.min(best, performance.now() - started);
    }
    return best;
  };
  const withProfile = await time(profile);
  const withTrivial = await time(trivial);
  console.log(`RelaxNG profile: one xmllint call ${withProfile.toFixed(0)} ms, of which compiling the profile ~${Math.max(0, withProfile - withTrivial).toFixed(0)} ms (trivial schema: ${withTrivial.toFixed(0)} ms)`);
}

console.log(`editio validate benchmark (node ${process.version}, best and median of ${ROUNDS} rounds)`);
const books = xmlFilesIn(corpus);
await bench('seed (tei/frus1944v07-ch6.xml)', [seed]);
await bench('tei-simple, all stages', books);
await bench('tei-simple, grammar only (--no-rules)', books, { rules: false });
await schemaCompileTime();
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
