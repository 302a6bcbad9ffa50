import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { XMLValidator } from 'fast-xml-parser';
import { cacheFolder } from '../corpus/cache.js';
import { saxon } from '../saxon.js';
import { Locator } from '../load/locator.js';
import { writeFileAtomic } from '../write/atomic.js';
import { SchemaError } from './relaxng.js';

/**
 * A project's own rules, compiled when editio runs: a Schematron schema (`--rules FILE.sch`), or
 * the Schematron a RelaxNG schema embeds (ODD-generated schemas carry sch:pattern inside the
 * grammar). editio's compiler (xslt/schematron/compile.xsl, compiled to SEF with the project)
 * turns it into XSLT, which xslt3 compiles to SEF; saxon-js then runs it beside the built-in
 * rules. Compiling takes seconds (tei_all's 93 patterns: about 8 s of CPU), so the result is kept
 * in node_modules/.cache/editio/rules/ under the hash of the schema and the compiler: a run
 * compiles each schema once, and a later run not at all.
 */
export interface CompiledRules {
  /** The schema file, as given. */
  file: string;
  /** The compiled stylesheet (a SEF file in the cache). */
  sef: string;
  /** The rule names its asserts and reports report under. */
  rules: string[];
}

const COMPILER = fileURLToPath(new URL('../../dist/sef/schematron-compile.sef.json', import.meta.url));
const XSLT3 = createRequire(import.meta.url).resolve('xslt3');
const SCHEMATRON_NS = 'http://purl.oclc.org/dsdl/schematron';
const run = promisify(execFile);

/**
 * Compile a Schematron schema, or the Schematron embedded in a RelaxNG schema (undefined when it
 * embeds none). What the compiler does not support is a SchemaError naming the file, line and
 * column of the construct: rules are never silently skipped.
 */
export async function compileRules(file: string, cwd = process.cwd()): Promise<CompiledRules | undefined> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SchemaError(`${file}: cannot read the rules: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (!text.includes(SCHEMATRON_NS)) {
    if (/\.rng$/i.test(file)) return undefined;
    throw new SchemaError(`${file}: not a Schematron schema (no element in the namespace ${SCHEMATRON_NS})`);
  }
  const compiler = readFileSync(COMPILER, 'utf8');
  const hash = createHash('sha256').update(compiler).update('\u0000').update(text).digest('hex');
  const folder = join(cacheFolder(cwd), 'rules');
  const sef = join(folder, `${hash}.sef.json`);
  const names = join(folder, `${hash}.rules.json`);
  if (existsSync(sef) && existsSync(names)) return { file, sef, rules: JSON.parse(readFileSync(names, 'utf8')) as string[] };

  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) throw new SchemaError(`${file}:${wellFormed.err.line}:${wellFormed.err.col}: not well-formed XML: ${wellFormed.err.msg}`);
  const schema = await saxon().getResource({ type: 'xml', text });
  const embedded = /^\s*(<\?[^>]*>\s*|<!--[\s\S]*?-->\s*)*<([\w.-]+:)?grammar\b/.test(text);
  if (embedded && !saxon().XPath.evaluate('exists(//*:pattern[namespace-uri() = $ns])', schema, { params: { ns: SCHEMATRON_NS } })) return undefined;
  let xslt: string;
  const level = saxon().getLogLevel();
  saxon().setLogLevel(0); // the compiler's refusal is this module's message, not a trace on stderr
  try {
    xslt = String(saxon().transform({ stylesheetInternal: JSON.parse(compiler), sourceNode: schema, destination: 'serialized', deliverMessage: () => undefined }, 'sync').principalResult);
  } catch (error) {
    throw unsupported(file, text, (error as Error).message);
  } finally {
    saxon().setLogLevel(level);
  }
  const rules = saxon().XPath.evaluate(
    `distinct-values(for $test in //(*:assert | *:report)[namespace-uri() = $ns] return string(($test/@id, $test/../@id, $test/../../@id, 'schematron')[1]))`,
    schema, { params: { ns: SCHEMATRON_NS }, resultForm: 'array' }) as string[];

  // XSLT to SEF, by SaxonJS's own compiler (xslt3 -export), in a scratch folder.
  const scratch = await mkdtemp(join(tmpdir(), 'editio-rules-'));
  try {
    await writeFile(join(scratch, 'rules.xsl'), xslt);
    await run(process.execPath, [XSLT3, `-xsl:${join(scratch, 'rules.xsl')}`, `-export:${join(scratch, 'rules.sef.json')}`, '-nogo', '-relocate:on'], { maxBuffer: 16 * 1024 * 1024 }).catch((error: { stderr?: string; message: string }) => {
      const detail = (error.stderr || error.message).split('\n').map((l) => l.trim()).filter((l) => l && !/^at |^Failed to compile/.test(l)).slice(0, 3).join(' ');
      throw new SchemaError(`${file}: the rules do not compile: ${detail}`);
    });
    writeFileAtomic(sef, await readFile(join(scratch, 'rules.sef.json')));
    writeFileAtomic(names, JSON.stringify(rules));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { file, sef, rules };
}

/** The compiler's refusal ("editio-unsupported PATH WHAT"), placed at the construct in the schema. */
function unsupported(file: string, text: string, message: string): SchemaError {
  const m = /editio-unsupported (\S+) (.*)$/s.exec(message);
  if (!m) return new SchemaError(`${file}: editio's Schematron compiler cannot read it: ${message.split('\n')[0]}`);
  const at = new Locator(text).locatePath(m[1]!) ?? { line: 1, column: 1 };
  return new SchemaError(`${file}:${at.line}:${at.column}: editio's Schematron compiler does not support ${m[2]!.trim()}; nothing was checked against these rules`);
}
