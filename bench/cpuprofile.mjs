#!/usr/bin/env node
// A summary of V8 CPU profiles (`node --cpu-prof`): self time by package (saxon-js, citeproc,
// editio's own code, node's, the garbage collector) and the functions with the most self time.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/stages.mjs
//   node bench/cpuprofile.mjs /tmp/prof/*.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const top = /^\d+$/.test(args[args.length - 1] ?? '') ? Number(args.pop()) : 30;

/** Which package a script belongs to, from its URL. */
function packageOf(url) {
  if (!url) return '(v8)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return 'node';
  if (/\/dist\//.test(url)) return 'editio';
  if (/\/bench\//.test(url)) return 'bench';
  return url;
}

const byPackage = new Map();
const byFunction = new Map();
let total = 0;
for (const file of args) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
    total += dt;
  }
  for (const [id, ms] of self) {
    const { callFrame } = nodes.get(id);
    const name = callFrame.functionName || '(anonymous)';
    const pkg = name.startsWith('(') && !callFrame.url ? name : packageOf(callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const key = `${name}  ${packageOf(callFrame.url)}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  }
}

const row = (label, ms) => `${(ms / 1000).toFixed(2).padStart(8)} s ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${label}`;
console.log(`${(total / 1000).toFixed(1)} s sampled in ${args.length} profile(s)\n\nself time by package:`);
for (const [pkg, ms] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(row(pkg, ms));
console.log(`\nthe ${top} functions with the most self time:`);
for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(row(name, ms));
