#!/usr/bin/env node
// Build step for the XSLT side: compile the Schematron rules to XSLT with editio's own
// compiler, then every stylesheet to SEF (saxon-js runs SEF only; compiling at run time
// costs about half a second per call). Output goes to dist/, never committed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const xslt3 = join(root, 'node_modules', 'xslt3', 'xslt3.js');
const out = join(root, 'dist', 'sef');
mkdirSync(out, { recursive: true });

function run(args) {
  execFileSync(process.execPath, [xslt3, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

// 1. Schematron → XSLT, one stylesheet per schemas/*.sch
for (const sch of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.sch'))) {
  const xsl = join(out, basename(sch, '.sch') + '.rules.xsl');
  run(['-xsl:xslt/schematron/compile.xsl', `-s:schemas/${sch}`, `-o:${xsl}`]);
  run([`-xsl:${xsl}`, `-export:${xsl.replace(/\.xsl$/, '.sef.json')}`, '-nogo', '-relocate:on', '-ns:##html5']);
}

// 2. Output stylesheets: xslt/*.xsl (the per-output entry points; xslt/common/ is included by them)
const entries = existsSync(join(root, 'xslt')) ? readdirSync(join(root, 'xslt')).filter((f) => f.endsWith('.xsl')) : [];
for (const xsl of entries) {
  run([`-xsl:xslt/${xsl}`, `-export:${join(out, basename(xsl, '.xsl') + '.sef.json')}`, '-nogo', '-relocate:on']);
}

// 3. The Schematron compiler itself, for a project's rules compiled at run time (src/validate/schematron.ts).
run(['-xsl:xslt/schematron/compile.xsl', `-export:${join(out, 'schematron-compile.sef.json')}`, '-nogo', '-relocate:on']);
