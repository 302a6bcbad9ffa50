#!/usr/bin/env node
// A FRUS-like volume for the benchmarks, generated (never committed) from the real fragments of
// ../shared/corpus/frus: the 1940s chapters and documents repeated, each repetition a chapter of
// the volume, with its ids made unique (`d226` → `d226-r12`, pointers to them renamed alike) and
// its page breaks renumbered so that pages ascend through the volume. The header is the one of
// the 1941 fragments, with the volume id `bench-volume` so that no page claims a public URL.
//
//   node bench/volume.mjs [MB] [out.xml]     (default: 20 MB, into the system's temporary folder)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const frus = join(root, '..', 'shared', 'corpus', 'frus');

/** The fragments: body contents of the 1941 and 1943 files, and the 1941 header. */
function fragments() {
  const files = readdirSync(frus).filter((f) => /^frus194[13]v0[67]_/.test(f)).sort();
  const bodies = files.map((f) => /<body>([\s\S]*)<\/body>/.exec(readFileSync(join(frus, f), 'utf8'))[1]);
  const first = readFileSync(join(frus, files[0]), 'utf8');
  const header = /<teiHeader>[\s\S]*<\/teiHeader>/.exec(first)[0].replace(/<idno type="frus">[^<]*<\/idno>/, '<idno type="frus">bench-volume</idno>');
  const root = /<TEI\b[^>]*>/.exec(first)[0];
  return { bodies, header, root };
}

/** One repetition: ids suffixed, pointers to them renamed, pages renumbered from `page`. */
function repetition(body, round, page) {
  const ids = new Set([...body.matchAll(/xml:id="([^"]+)"/g)].map((m) => m[1]));
  let next = page;
  const text = body
    .replace(/<pb\b([^>]*?)\/>/g, (_, attributes) => {
      const n = next++;
      return `<pb${attributes.replace(/\s(n|xml:id)="[^"]*"/g, '')} n="${n}" xml:id="pg_${n}"/>`;
    })
    .replace(/xml:id="([^"]+)"/g, (m, id) => (id.startsWith('pg_') ? m : `xml:id="${id}-r${round}"`))
    .replace(/(ref|corresp|target)="#([^"]+)"/g, (m, attribute, id) => (ids.has(id) && !id.startsWith('pg_') ? `${attribute}="#${id}-r${round}"` : m));
  return { text, page: next };
}

export function generateVolume(megabytes = 20, out = join(tmpdir(), `editio-bench-volume-${megabytes}mb.xml`)) {
  const { bodies, header, root } = fragments();
  const parts = [];
  let size = 0;
  let page = 1;
  let units = 0;
  for (let round = 1; size < megabytes * 1e6; round++) {
    const chapter = [`<div type="chapter" xml:id="bench-ch${round}"><head>Repetition ${round} of the 1941 and 1943 fragments</head>`];
    for (const body of bodies) {
      const r = repetition(body, round, page);
      page = r.page;
      chapter.push(r.text);
      units += (r.text.match(/<div [^>]*type="(document|chapter)"[^>]*xml:id=/g) ?? []).length;
    }
    chapter.push('</div>');
    const text = chapter.join('\n');
    parts.push(text);
    size += Buffer.byteLength(text);
    units++;
  }
  writeFileSync(out, `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n${header}\n<text><body>\n${parts.join('\n')}\n</body></text></TEI>\n`);
  return { file: out, units, bytes: size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { file, units, bytes } = generateVolume(Number(process.argv[2] ?? 20), process.argv[3]);
  console.log(`${file}: ${(bytes / 1e6).toFixed(1)} MB, ${units} units`);
}
