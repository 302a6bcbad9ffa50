#!/usr/bin/env node
// Whole builds, as an editor runs them: `editio build` on (a) the seed, (b) the TEI Simple books
// of the shared corpus, (c) a FRUS-like volume generated from the real FRUS fragments
// (bench/volume.mjs; BENCH_MB sets its size, default 20). For --jobs 1 and --jobs 2, cold (empty
// output folder and cache) and warm (nothing changed): wall time, MB/s, documents/s, peak RSS.
// Peak RSS is the whole process tree's (the build's worker processes included), sampled from /proc.
// Then (d) a volume five times as large (BENCH_LARGE_MB, default 100; 0 skips it), --jobs 2 cold:
// peak memory must not grow with the number of documents (volumes are built in parts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVolume } from './volume.mjs';
import { measure } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const megabytes = Number(process.env.BENCH_MB ?? 20);

function sizeOf(paths) {
  return paths.reduce((sum, p) => sum + (statSync(p).isDirectory() ? 0 : statSync(p).size), 0);
}

async function run(args) {
  const r = await measure(process.execPath, [cli, ...args]);
  const summary = /built (\d+) pages? from (\d+) documents?/.exec(r.stderr ?? '');
  return { ...r, rss: r.peakMb, pages: summary ? Number(summary[1]) : 0, documents: summary ? Number(summary[2]) : 0 };
}

async function bench(label, inputs, bytes, jobsList = [1, 2], phases = ['cold', 'warm']) {
  for (const jobs of jobsList) {
    const out = mkdtempSync(join(tmpdir(), 'editio-bench-site-'));
    for (const phase of phases) {
      const r = await run(['build', ...inputs, '--out', join(out, 'site'), '--jobs', String(jobs)]);
      console.log(
        `${label.padEnd(22)} jobs ${jobs} ${phase}  ${r.wall.toFixed(2).padStart(7)} s  ${(bytes / 1e6 / r.wall).toFixed(2).padStart(6)} MB/s  ` +
          `${(r.documents / r.wall).toFixed(1).padStart(6)} files/s ${(r.pages / r.wall).toFixed(1).padStart(7)} pages/s  ${r.cpu === undefined ? '' : `cpu ${r.cpu.toFixed(1)} s  `}${r.rss ? `peak ${r.rss.toFixed(0)} MB` : ''}  (exit ${r.status})`,
      );
    }
    rmSync(out, { recursive: true, force: true });
  }
}

const seed = join(root, 'tei', 'frus1944v07-ch6.xml');
const simple = join(root, '..', 'shared', 'corpus', 'tei-simple');
const volume = generateVolume(megabytes);
const simpleFiles = spawnSync('find', [simple, '-name', '*.xml'], { encoding: 'utf8' }).stdout.trim().split('\n');
console.log(`editio build on ${process.platform}, Node ${process.version}; the volume: ${(volume.bytes / 1e6).toFixed(1)} MB, ${volume.units} units`);
await bench('seed', [seed], sizeOf([seed]));
await bench('tei-simple (15 files)', [simple], sizeOf(simpleFiles));
await bench(`volume (${megabytes} MB)`, [volume.file], sizeOf([volume.file]));
rmSync(volume.file, { force: true });
const large = Number(process.env.BENCH_LARGE_MB ?? 100);
if (large > 0) {
  const big = generateVolume(large);
  console.log(`the large volume: ${(big.bytes / 1e6).toFixed(1)} MB, ${big.units} units`);
  await bench(`volume (${large} MB)`, [big.file], sizeOf([big.file]), [2], ['cold']);
  rmSync(big.file, { force: true });
}
