#!/usr/bin/env node
// editio tag measured against gold markup that exists: the markup editio tag proposes is
// stripped from documents that carry it (names, dates, file numbers, offices, with their
// archival bibl wrappers), the stripped text is tagged with the authority lists, and each
// proposal that --write would apply is compared with the original markup, span by span and
// pointer by pointer (value by value for dates and file numbers).
//
// Gold is taken where it is complete for a kind, as each document's own conventions state:
//   - the seed (tei/frus1944v07-ch6.xml) marks every name, date and file number (its
//     editorialDecl says so): every kind is scored on it, with its own standOff as authority;
//   - the FRUS 1969–76 document marks persons with persName/@corresp into the volume's persons
//     list: persons are scored on it, with the persons list as authority;
//   - the FRUS 1941 and 1943 fragments mark the date of every dateline and nothing else in the
//     text: dates are scored on their datelines for recall (the text's other dates, unmarked,
//     are listed, not scored).
// Spans are compared without a leading article ("the Under Secretary" = "Under Secretary").
// Every disagreement is printed, so that each can be checked by eye. Where the gold leaves a real
// mention of a kind unmarked that it marks elsewhere in the same document, the mention is listed
// in GOLD_GAPS below with the reason: the table counts it as wrong in "precision" and leaves it
// out in "precision, gold gaps apart"; nothing about these documents is known to editio tag.
//
// Then the speed: `editio tag --write` on a FRUS-like volume made by bench/volume.mjs
// (BENCH_MB, default 5), with the 1969–76 persons list as authority.
//
//   node bench/tag.mjs [--min-confidence X]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tag } from '../dist/index.js';
import { parseTree } from '../dist/enrich/tree.js';
import { generateVolume } from './volume.mjs';

/** Real mentions the gold leaves unmarked, though it marks their kind elsewhere in the document. */
const GOLD_GAPS = [
  { file: 'frus1969-76v22_d15.xml', text: 'Boyd', value: '#p_BLAE_1', why: '"Panamanian PermRep Boyd" and "Boyd said" (paragraph 1): the gold marks Boyd only in paragraph 3' },
  { file: 'frus1969-76v22_d15.xml', text: 'Rogers', value: '#p_RWP_1', why: '"Secretary Rogers" (note 2) is William P. Rogers, Secretary of State until September 3, 1973; the gold leaves him unmarked' },
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const frus = join(root, '..', 'shared', 'corpus', 'frus');
const at = process.argv.indexOf('--min-confidence');
const minConfidence = at > 0 ? Number(process.argv[at + 1]) : undefined;

const TEI = 'http://www.tei-c.org/ns/1.0';
const NAMES = { persName: 'person', rs: 'person', placeName: 'place', orgName: 'organisation' };
const STRIPPED = new Set(['persName', 'placeName', 'orgName', 'rs', 'date', 'idno', 'bibl', 'roleName', 'forename', 'surname', 'addName', 'genName']);

/** The text with the markup editio tag makes removed from the text (not the header, not the records), and the gold it held. */
function strip(text) {
  const tree = parseTree(text);
  const cuts = [];
  const gold = [];
  const walk = (e, inText) => {
    for (const c of e.children) {
      if (c.kind !== 'element') continue;
      const here = inText || (c.ns === TEI && c.name === 'text');
      const marked = here && c.ns === TEI && STRIPPED.has(c.name)
        && (c.name !== 'idno' || c.attributes.get('type') === 'decimal-file')
        && (c.name !== 'bibl' || c.attributes.get('type') === 'archival');
      if (marked) {
        cuts.push([c.start, c.tagEnd], [c.closeStart, c.end]);
        const pointer = (c.attributes.get('ref') ?? c.attributes.get('corresp') ?? '').split(/\s+/).find((p) => p.startsWith('#')) ?? null;
        if (NAMES[c.name]) gold.push({ kind: NAMES[c.name], from: c.tagEnd, to: c.closeStart, value: pointer });
        if (c.name === 'date') gold.push({ kind: 'date', from: c.tagEnd, to: c.closeStart, value: dateValue(c.attributes), dateline: inside(c, 'dateline') });
        if (c.name === 'idno') gold.push({ kind: 'file', from: c.tagEnd, to: c.closeStart, value: c.attributes.get('n') ?? text.slice(c.tagEnd, c.closeStart).replace(/\s+/g, ' ') });
      }
      walk(c, here);
    }
  };
  walk(tree, false);
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let last = 0;
  for (const [from, to] of cuts) {
    out += text.slice(last, from);
    last = to;
  }
  out += text.slice(last);
  // An offset of the original in the stripped text: minus what was cut before it.
  const map = (offset) => offset - cuts.reduce((sum, [from, to]) => sum + (to <= offset ? to - from : 0), 0);
  return { text: out, gold: gold.map((g) => ({ ...g, from: map(g.from), to: map(g.to) })) };
}

function inside(e, name) {
  for (let a = e.parent; a; a = a.parent) if (a.name === name) return true;
  return false;
}

function dateValue(attributes) {
  const a = (n) => attributes.get(n)?.slice(0, 10);
  if (attributes.has('when')) return a('when');
  if (attributes.has('from')) return `${a('from')}/${a('to')}`;
  return `${a('notBefore')}..${a('notAfter')}`;
}

/** A span without a leading article and the spaces around it. */
function span(text, from, to) {
  let s = from;
  const article = /^(?:the|The)\s+/.exec(text.slice(from, to));
  if (article) s += article[0].length;
  return `${s}:${to}`;
}

function proposalValue(p) {
  if (p.kind === 'date') return p.attributes.when ?? (p.attributes.from ? `${p.attributes.from}/${p.attributes.to}` : `${p.attributes.notBefore}..${p.attributes.notAfter}`);
  if (p.kind === 'file') return p.attributes.n ?? p.text.replace(/\s+/g, ' ');
  return p.attributes.ref ?? p.attributes.corresp ?? null;
}

const documents = [
  { file: join(root, 'tei', 'frus1944v07-ch6.xml'), kinds: ['date', 'file', 'person', 'place', 'organisation'], authority: [] },
  { file: join(frus, 'frus1969-76v22_d15.xml'), kinds: ['person'], authority: [join(frus, 'frus1969-76v22_persons.xml')] },
  ...readdirSync(frus).filter((f) => /^frus194[13]/.test(f)).sort().map((f) => ({ file: join(frus, f), kinds: ['dateline'], authority: [] })),
];

const rows = new Map(); // kind → {proposed, correct, gaps, gold, found}
const row = (kind) => rows.get(kind) ?? rows.set(kind, { proposed: 0, correct: 0, gaps: 0, gold: 0, found: 0 }).get(kind);
const gaps = [];
const disagreements = [];
const unscored = [];
for (const d of documents) {
  const original = readFileSync(d.file, 'utf8');
  const { text, gold } = strip(original);
  const report = await tag({ file: d.file, text }, { authority: d.authority, minConfidence });
  if (report.diagnostics.length) throw new Error(JSON.stringify(report.diagnostics));
  const proposals = report.documents[0].proposals.filter((p) => p.status === 'applied');
  const name = d.file.split('/').pop();
  for (const kind of d.kinds) {
    if (kind === 'dateline') {
      const marked = gold.filter((g) => g.kind === 'date' && g.dateline);
      const r = row('date (datelines of the 1941/1943 fragments, recall)');
      for (const g of marked) {
        r.gold++;
        const hit = proposals.find((p) => p.kind === 'date' && p.start === g.from && proposalValue(p)?.slice(0, 10) === g.value.slice(0, 10));
        if (hit) r.found++;
        else disagreements.push(`${name}: dateline date "${text.slice(g.from, g.to)}" (${g.value}) not found`);
      }
      for (const p of proposals.filter((p) => p.kind === 'date' && !marked.some((g) => g.from === p.start))) unscored.push(`${name}: date "${p.text}" ${proposalValue(p)} (${p.evidence})`);
      continue;
    }
    // Persons are scored where they carry a pointer; places and organisations too.
    const theirs = gold.filter((g) => g.kind === kind && (g.kind === 'date' || g.kind === 'file' || g.value !== null));
    const ours = proposals.filter((p) => p.kind === kind && (kind === 'date' || kind === 'file' || proposalValue(p) !== null));
    const key = (from, to, value) => `${span(text, from, to)}=${value}`;
    const goldKeys = new Set(theirs.map((g) => key(g.from, g.to, g.value)));
    const ourKeys = new Set(ours.map((p) => key(p.start, p.end, proposalValue(p))));
    const label = kind === 'person' ? 'persons with a pointer' : kind === 'date' ? 'dates' : kind === 'file' ? 'file numbers' : `${kind}s with a pointer`;
    const r = row(label);
    r.proposed += ours.length;
    r.gold += theirs.length;
    for (const p of ours) {
      const gap = GOLD_GAPS.find((g) => g.file === name && g.text === p.text && g.value === proposalValue(p));
      if (goldKeys.has(key(p.start, p.end, proposalValue(p)))) r.correct++;
      else if (gap) {
        r.gaps++;
        gaps.push(`${name}: "${p.text}" ${proposalValue(p)} at ${p.line}:${p.column}: ${gap.why}`);
      } else disagreements.push(`${name}: proposed ${p.kind} "${p.text}" ${proposalValue(p)} at ${p.line}:${p.column}, not in the gold (${p.evidence})`);
    }
    for (const g of theirs) {
      if (ourKeys.has(key(g.from, g.to, g.value))) r.found++;
      else disagreements.push(`${name}: gold ${g.kind} "${text.slice(g.from, g.to).replace(/\s+/g, ' ')}" ${g.value} not proposed`);
    }
  }
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`editio tag against gold markup (min-confidence ${minConfidence ?? 'default'}; applied proposals only)\n`);
console.log(`| kind | proposed | correct | unmarked in gold | precision | precision, gold gaps apart | in gold | found | recall |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const [kind, r] of rows) {
  const precision = r.proposed ? (r.correct / r.proposed).toFixed(2) : '–';
  const apart = r.proposed ? (r.correct / (r.proposed - r.gaps)).toFixed(2) : '–';
  console.log(`| ${kind} | ${r.proposed || '–'} | ${r.proposed ? r.correct : '–'} | ${r.proposed ? r.gaps : '–'} | ${precision} | ${apart} | ${r.gold} | ${r.found} | ${r.gold ? (r.found / r.gold).toFixed(2) : '–'} |`);
}
console.log(`\nReal mentions the gold leaves unmarked (${gaps.length}):`);
for (const g of gaps) console.log(`  ${g}`);
console.log(`\nDisagreements with the gold (${disagreements.length}):`);
for (const d of disagreements) console.log(`  ${d}`);
console.log(`\nProposed where the gold marks nothing of the kind, not scored (${unscored.length}):`);
for (const u of unscored) console.log(`  ${u}`);

// The speed: the CLI as an editor runs it, on a copy of a generated volume.
const megabytes = Number(process.env.BENCH_MB ?? 5);
const volume = generateVolume(megabytes);
const copy = join(tmpdir(), `editio-bench-tag-${process.pid}.xml`);
copyFileSync(volume.file, copy);
const time = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'editio-bench %e %U %M'] : [];
const args = [process.execPath, join(root, 'dist', 'cli.js'), 'tag', copy, '--authority', join(frus, 'frus1969-76v22_persons.xml'), '--write'];
const started = performance.now();
const result = spawnSync([...time, ...args][0], [...time, ...args].slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });
const wall = (performance.now() - started) / 1000;
const measured = /editio-bench ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
const summary = /: (\d+) proposals: (\d+) written/.exec(result.stderr);
console.log(`\neditio tag --write on a ${(volume.bytes / 1e6).toFixed(1)} MB volume (${volume.units} units): ${wall.toFixed(1)} s` +
  `${measured ? ` (${measured[2]} s of CPU in the main thread and workers, peak ${(Number(measured[3]) / 1024).toFixed(0)} MB)` : ''}, ` +
  `${summary ? `${summary[1]} proposals, ${summary[2]} written` : result.stderr.trim()} (exit ${result.status})`);
rmSync(copy, { force: true });
rmSync(volume.file, { force: true });
