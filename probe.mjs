import { validateXML } from 'xmllint-wasm';
import { readFileSync } from 'node:fs';
for (const f of process.argv.slice(2)) {
const r = await validateXML({ xml: [{fileName:'doc0.xml', contents: readFileSync(f,'utf8')}], schema: [{fileName:'s.rng', contents: readFileSync('schemas/editio.rng','utf8')}], extension: 'relaxng' });
console.log(r.rawOutput);
}
