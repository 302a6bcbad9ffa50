import SaxonJS from 'saxon-js';
import { readFileSync } from 'node:fs';
const sef = JSON.parse(readFileSync(process.env.SEF ?? '/tmp/html.sef.json','utf8'));
const file = process.argv[2];
const doc = await SaxonJS.getResource({text: readFileSync(file,'utf8'), type:'xml'});
const msgs = new Set();
const r = SaxonJS.transform({stylesheetInternal: sef, sourceNode: doc, initialTemplate: process.argv[3] ?? 'Q{urn:editio}pages', destination:'serialized',
  stylesheetParams: {'Q{urn:editio}file-stem': 'x'},
  deliverMessage: (m) => msgs.add(SaxonJS.serialize ? String(m.textContent ?? m) : m),
  deliverResultDocument: () => ({destination: 'serialized'})}, 'sync');
console.log(Object.keys(r.resultDocuments ?? {}));
for (const [k,v] of Object.entries(r.resultDocuments ?? {})) console.log('=====', k, '\n', v.slice(0, Number(process.argv[4] ?? 6000)));
if (r.principalResult) console.log(String(r.principalResult).slice(0, 3000));
console.log([...msgs]);
