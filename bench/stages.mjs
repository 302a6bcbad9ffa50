#!/usr/bin/env node
// Where a cold build's time goes, stage by stage, in one process: the generated FRUS-like volume
// (bench/volume.mjs; BENCH_MB, default 20) is cut into parts as `build` cuts it, and a sample of
// parts (BENCH_PARTS, default 4, spread over the volume) goes through each stage of a build,
// timed per part and given in ms per unit (a unit is a page). The stages are those of
// src/corpus/document.ts (what a worker does) and of src/build.ts (what the main process does
// for each part); the worker's are called through the same functions it calls.
// Times are CPU times (src/timing.ts), steadier than the wall clock on a shared machine.
// Each part runs twice: the first run warms the engines (stylesheets loaded, V8's code
// optimised), and only the later runs count, as in a long build.
//
//   node bench/stages.mjs                      the table
//   node --cpu-prof --cpu-prof-dir=DIR bench/stages.mjs, then node bench/cpuprofile.mjs DIR/*.cpuprofile
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVolume } from './volume.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));
const { loadFile } = await dist('load/source.js');
const { splitDocument } = await dist('load/volume.js');
const { checkPartsGrammar, readSchema, DEFAULT_SCHEMA } = await dist('validate/index.js');
const { buildDocument, layOutPage } = await dist('corpus/document.js');
const { keepStageTimes, takeStageTimes, cpuMs } = await dist('timing.js');
const { writeFileAtomic } = await dist('write/atomic.js');

const megabytes = Number(process.env.BENCH_MB ?? 20);
const sampled = Number(process.env.BENCH_PARTS ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);

const work = mkdtempSync(join(tmpdir(), 'editio-stages-'));
try {
  const volume = generateVolume(megabytes, join(work, 'volume.xml'));
  const { source } = await loadFile(volume.file);
  let started = cpuMs();
  const { parts } = splitDocument(source);
  const splitMs = cpuMs() - started;
  // The skeleton (part 0) and parts spread evenly over the rest.
  const picked = [0, ...Array.from({ length: sampled - 1 }, (_, i) => 1 + Math.floor(((i + 0.5) * (parts.length - 1)) / (sampled - 1)))];
  console.log(`the volume: ${(volume.bytes / 1e6).toFixed(1)} MB, ${volume.units} units, ${parts.length} parts (split in ${splitMs.toFixed(0)} ms); sampled parts ${picked.join(', ')}, ${rounds} rounds (the first not counted)`);

  const schema = await readSchema(DEFAULT_SCHEMA);
  const totals = new Map();
  let units = 0;
  const add = (stage, ms) => totals.set(stage, (totals.get(stage) ?? 0) + ms);
  for (let round = 0; round < rounds; round++) {
    for (const k of picked) {
      const part = parts[k];
      const time = {};
      started = cpuMs();
      const opened = part.open();
      time['open part (main)'] = cpuMs() - started;
      started = cpuMs();
      await checkPartsGrammar([opened], schema);
      time['grammar (main)'] = cpuMs() - started;
      const { produce, targets, textBegun, pointedElsewhere } = part;
      const task = { source: opened.source, out: join(work, 'site'), rules: true, part: part.key === '' ? undefined : { produce, targets, textBegun, pointedElsewhere } };
      keepStageTimes();
      started = cpuMs();
      const output = await buildDocument(task);
      const stages = takeStageTimes();
      time['worker, in all'] = cpuMs() - started;
      Object.assign(time, Object.fromEntries([...stages].map(([stage, ms]) => [`  ${stage}`, ms])));
      started = cpuMs();
      const structured = structuredClone(output);
      time['result to main (structured clone)'] = cpuMs() - started;
      started = cpuMs();
      structured.pages.forEach((page, i) => layOutPage(structured.metadata, page, { prev: structured.pages[i - 1] && { href: 'a', title: 'b' } }));
      time['page layout (main)'] = cpuMs() - started;
      started = cpuMs();
      for (const page of structured.pages) writeFileAtomic(page.path, page.body);
      for (const [path, content] of structured.files) writeFileAtomic(path, content);
      time['writes (main)'] = cpuMs() - started;
      rmSync(join(work, 'site'), { recursive: true, force: true });
      if (round === 0) continue;
      units += output.pages.length;
      for (const [stage, ms] of Object.entries(time)) add(stage, ms);
    }
  }
  console.log(`${'stage'.padEnd(36)} ${'CPU ms/unit'.padStart(11)}`);
  const worker = [...totals.keys()].filter((stage) => stage.startsWith('  ')).sort();
  const main = [...totals.keys()].filter((stage) => !stage.startsWith('  ') && stage !== 'worker, in all');
  for (const stage of ['worker, in all', ...worker, ...main]) console.log(`${stage.padEnd(36)} ${(totals.get(stage) / units).toFixed(2).padStart(11)}`);
  console.log(`(${units} units timed)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
