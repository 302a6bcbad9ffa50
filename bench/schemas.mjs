#!/usr/bin/env node
// The grammar check alone, editio beside the validators editors know, on the same file in one run:
// the FRUS-like volume (bench/volume.mjs, BENCH_MB, default 20) against TEI P5's tei_all and
// against editio's profiles (editio's, and FRUS's, which a FRUS volume gets by default). Each command is a whole process, as an editor runs it:
//   editio validate --no-rules --schema S   (cold: tei_all's simplified form not yet cached; then warm)
//   jing S volume                            (when /usr/bin/jing exists; the JVM's start included)
//   xmllint --noout --relaxng S volume       (when xmllint exists)
// then editio validate with its rules, with --jobs 1 and by default.
// Printed: wall time, MB/s, peak RSS (from /usr/bin/time when present), exit code, lines of findings.
// Verdicts differ by design on this volume: it uses the FRUS namespace, which tei_all does not know.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVolume } from './volume.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const megabytes = Number(process.env.BENCH_MB ?? 20);
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const which = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
const jing = existsSync('/usr/bin/jing') ? '/usr/bin/jing' : undefined;
const xmllint = which('xmllint');

function run(label, command, bytes) {
  const argv = time ? [time, '-f', 'schemas-bench %e %M', ...command] : command;
  const started = performance.now();
  const result = spawnSync(argv[0], argv.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = (performance.now() - started) / 1000;
  const measured = /schemas-bench ([\d.]+) (\d+)/.exec(result.stderr ?? '');
  const peak = measured ? `peak ${(Number(measured[2]) / 1024).toFixed(0).padStart(5)} MB` : '';
  const findings = (result.stdout ?? '').split('\n').filter(Boolean).length + (label.startsWith('xmllint') ? (result.stderr ?? '').split('\n').filter((l) => /error/.test(l)).length : 0);
  console.log(`${label.padEnd(34)} ${wall.toFixed(2).padStart(7)} s  ${(bytes / 1e6 / wall).toFixed(2).padStart(6)} MB/s  ${peak}  exit ${result.status}  ${findings} lines of findings`);
}

const volume = generateVolume(megabytes);
const bytes = statSync(volume.file).size;
const schemas = [
  ['tei_all', join(root, '..', 'shared', 'schemas', 'tei_all.rng')],
  ['editio profile', join(root, 'schemas', 'editio.rng')],
  ['FRUS profile', join(root, 'schemas', 'frus.rng')],
];
console.log(`grammar check of a ${(bytes / 1e6).toFixed(1)} MB FRUS-like volume (${volume.units} units), Node ${process.version}${jing ? '' : '; no jing'}${xmllint ? '' : '; no xmllint'}`);
for (const [name, schema] of schemas) {
  if (!existsSync(schema)) {
    console.log(`${name}: ${schema} not found, skipped`);
    continue;
  }
  if (name === 'tei_all') {
    rmSync(join(root, 'node_modules', '.cache', 'editio', 'schemas'), { recursive: true, force: true });
    run(`editio, ${name}, cold cache`, [process.execPath, cli, 'validate', '--no-rules', '--schema', schema, volume.file], bytes);
  }
  run(`editio, ${name}`, [process.execPath, cli, 'validate', '--no-rules', '--schema', schema, volume.file], bytes);
  if (jing) run(`jing, ${name}`, [jing, schema, volume.file], bytes);
  if (xmllint) run(`xmllint (native), ${name}`, [xmllint, '--noout', '--relaxng', schema, volume.file], bytes);
}
// The whole check, rules included (no other tool here runs editio's rules): in one process, and
// shared with worker processes as validate does by default (one process per core).
run('editio with rules, --jobs 1', [process.execPath, cli, 'validate', '--jobs', '1', volume.file], bytes);
run('editio with rules', [process.execPath, cli, 'validate', volume.file], bytes);
rmSync(volume.file, { force: true });
