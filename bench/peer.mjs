#!/usr/bin/env node
// editio against the tool an editor would use instead: the TEI Consortium's stylesheets
// (html/html.xsl) run by Saxon-HE on Java, on the same generated FRUS-like volume
// (bench/volume.mjs; BENCH_MB sets its size, default 20), in one run on one machine:
// - a site of one page per unit: a cold `editio build --jobs 2` (and `--jobs 1`, for how two
//   jobs scale) against html.xsl with splitLevel=2 (one HTML file per chapter and document);
// - the whole volume as one HTML file: `editio render --to html` against html.xsl whole.
// Each prints wall time, CPU time and peak memory (the whole process tree), and editio's time
// over the peer's.
//
// The peer needs `java`, Saxon-HE (SAXON_JAR, default /usr/share/java/Saxon-HE.jar: Debian's
// libsaxonhe-java) and a checkout of the TEI Stylesheets (TEI_STYLESHEETS, its root folder; it
// is read where it is, never copied). Without them editio runs alone and the peer is skipped
// with a message.
//
//   TEI_STYLESHEETS=/path/to/tei-stylesheets node bench/peer.mjs
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVolume } from './volume.mjs';
import { measure } from './measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const megabytes = Number(process.env.BENCH_MB ?? 20);
const saxon = process.env.SAXON_JAR ?? '/usr/share/java/Saxon-HE.jar';
const stylesheets = process.env.TEI_STYLESHEETS;

/** Why the peer cannot run here, or undefined when it can. */
function peerMissing() {
  if (spawnSync('java', ['-version']).error) return 'no `java` on the PATH';
  if (!existsSync(saxon)) return `no Saxon-HE at ${saxon} (set SAXON_JAR, or install Debian's libsaxonhe-java)`;
  if (!stylesheets) return 'TEI_STYLESHEETS is not set (the root folder of a checkout of the TEI Stylesheets)';
  if (!existsSync(join(stylesheets, 'html', 'html.xsl'))) return `no html/html.xsl under TEI_STYLESHEETS=${stylesheets}`;
  return undefined;
}

const work = mkdtempSync(join(tmpdir(), 'editio-peer-'));
const volume = generateVolume(megabytes, join(work, `volume-${megabytes}mb.xml`));
const missing = peerMissing();
console.log(`editio against the TEI Stylesheets on Saxon-HE, Node ${process.version}; the volume: ${(volume.bytes / 1e6).toFixed(1)} MB, ${volume.units} units`);
if (missing) console.log(`the peer is skipped: ${missing}`);

function line(label, r, extra = '') {
  const cpu = r.cpu === undefined ? '' : `  cpu ${r.cpu.toFixed(1).padStart(6)} s`;
  const peak = r.peakMb === undefined ? '' : `  peak ${r.peakMb.toFixed(0).padStart(5)} MB`;
  console.log(`${label.padEnd(44)} ${r.wall.toFixed(1).padStart(6)} s${cpu}${peak}${extra}${r.status === 0 || r.status === 1 ? '' : `  (exit ${r.status})`}`);
}

function ratio(ours, theirs) {
  return `  editio / peer ${(ours.wall / theirs.wall).toFixed(2)}×`;
}

function files(folder) {
  return readdirSync(folder, { recursive: true }).length;
}

try {
  // Pages: a cold build (fresh output folder, no build cache) against splitLevel=2.
  const builds = {};
  for (const jobs of [2, 1]) {
    const out = join(work, `site-${jobs}`);
    builds[jobs] = await measure(process.execPath, [cli, 'build', volume.file, '--out', out, '--jobs', String(jobs), '--no-incremental', '--quiet']);
    line(`editio build --jobs ${jobs} (${files(out)} files)`, builds[jobs]);
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`${'--jobs 2 over --jobs 1'.padEnd(44)} ${(builds[1].wall / builds[2].wall).toFixed(2)}× faster`);
  if (!missing) {
    const out = join(work, 'peer-site');
    const peer = await measure('java', ['-jar', saxon, `-s:${volume.file}`, `-xsl:${join(stylesheets, 'html', 'html.xsl')}`, `-o:${join(out, 'index.html')}`, 'splitLevel=2', `outputDir=${out}`]);
    line(`html.xsl, splitLevel=2 (${files(out)} files)`, peer);
    line('editio build --jobs 2 (the run above)', builds[2], ratio(builds[2], peer));
    rmSync(out, { recursive: true, force: true });
  }

  // The whole volume as one HTML file.
  const whole = join(work, 'whole.html');
  const descriptor = openSync(whole, 'w');
  const render = await measure(process.execPath, [cli, 'render', volume.file, '--to', 'html'], { stdoutFile: descriptor });
  closeSync(descriptor);
  line('editio render --to html', render);
  if (!missing) {
    const peer = await measure('java', ['-jar', saxon, `-s:${volume.file}`, `-xsl:${join(stylesheets, 'html', 'html.xsl')}`, `-o:${join(work, 'peer-whole.html')}`]);
    line('html.xsl, the whole volume', peer);
    line('editio render --to html (the run above)', render, ratio(render, peer));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
