#!/usr/bin/env node
/**
 * The command line: a thin shell over the library API. Each command imports its stage when it
 * runs, so that `validate` never loads what only `build` needs (handlebars, citeproc, the workers).
 */
import { Command, InvalidArgumentError } from 'commander';
import { relative } from 'node:path';
import { SchemaError, ResourceError } from './validate/errors.js';
import type { BuildReport } from './build.js';
import { CITATION_FORMATS, type CitationFormat } from './cite/formats.js';
import { hasErrors } from './diagnostic.js';
import { formatText, formatSummary } from './report/text.js';
import { formatJson } from './report/json.js';
import { DEFAULT_MIN_CONFIDENCE } from './enrich/confidence.js';
import type { TaggedDocument } from './enrich/index.js';
import { PROFILE_NAMES, type ProfileName } from './validate/profiles.js';
import { ConfigError, loadConfig } from './config.js';

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

const program = new Command();
program
  .name('editio')
  .description('Validate and transform TEI P5 scholarly editions.')
  .version('0.1.0')
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT_OK : EXIT_USAGE))
  .showHelpAfterError();

program
  .command('validate')
  .description('check TEI files: well-formedness, the RelaxNG profile, then the rule checks')
  .argument('[paths...]', 'files or folders of *.xml', ['tei'])
  .option('--format <format>', 'text or json', parseFormat, 'text')
  .option('--profile <name>', 'editio or frus (default: frus for a document that declares the FRUS namespace, else editio)', parseProfile)
  .option('--schema <file>', 'a RelaxNG schema (XML syntax) to use instead of the profile\'s grammar')
  .option('--rules <file>', 'a Schematron file of the project\'s own rules (repeatable)', collect)
  .option('--no-rules', 'skip the rule checks (grammar only)')
  .option('--jobs <n>', 'worker processes for the rule checks of a large run (default: one per core; 1: none)', parseJobs)
  .action(async (paths: string[], options: { format: 'text' | 'json'; profile?: ProfileName; schema?: string; rules?: string[] | false; jobs?: number }) => {
    const { validate } = await import('./validate/index.js');
    let diagnostics;
    let documents = 0;
    try {
      diagnostics = await validate(paths, {
        profile: options.profile,
        schema: options.schema,
        ...ruleOptions(options.rules),
        config: loadConfig(),
        jobs: options.jobs,
        cwd: process.cwd(),
        onProgress: (stage, _done, total) => void (stage === 'load' && (documents = total)),
      });
    } catch (error) {
      process.stderr.write(usageMessage(error) + '\n');
      process.exitCode = EXIT_USAGE;
      return;
    }
    if (options.format === 'json') process.stdout.write(formatJson(diagnostics));
    else {
      process.stdout.write(formatText(diagnostics));
      process.stderr.write(formatSummary(diagnostics, documents));
    }
    const io = diagnostics.some((d) => d.source === 'io');
    process.exitCode = io ? EXIT_USAGE : hasErrors(diagnostics) ? EXIT_INVALID : EXIT_OK;
  });

program
  .command('render')
  .description('write one document as an HTML page or as plain text to stdout')
  .argument('<file>', 'a TEI file')
  .option('--to <target>', 'html or text', parseTarget, 'html')
  .option('--width <columns>', 'text: wrap lines at this width (default: no wrapping)', parseWidth, 0)
  .option('--reading <witness>', 'a critical edition\'s text: lem (the reading text) or a witness (xml:id or siglum)', 'lem')
  .option('--apparatus', 'text: mark the apparatus entries in the reading text and give the apparatus after it')
  .action(async (file: string, options: { to: 'html' | 'text'; width: number; reading: string; apparatus?: boolean }) => {
    if (options.apparatus && (options.to !== 'text' || options.reading !== 'lem')) {
      process.stderr.write(`editio: --apparatus goes with --to text and --reading lem (${options.to === 'text' ? 'a witness\'s text has no apparatus' : 'the HTML page always has its apparatus'})\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    const { render, RenderError } = await import('./render.js');
    try {
      const output = await render(file, options.to, {
        width: options.width,
        reading: options.reading,
        apparatus: options.apparatus,
        onUnsupported: (name) => process.stderr.write(`${file}  warning  unsupported-element  <${name}> is not in editio's profile: rendered generically, its text kept\n`),
        onDiagnostic: (d) => process.stderr.write(formatText([d])),
      });
      process.stdout.write(output);
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      process.stderr.write(formatText(error.diagnostics));
      process.exitCode = error.diagnostics.some((d) => d.source === 'io' || d.rule === 'reading-unknown') ? EXIT_USAGE : EXIT_INVALID;
    }
  });

program
  .command('cite')
  .description('write the citation of a unit of a document, or of its volume, to stdout')
  .argument('<file>', 'a TEI file')
  .option('--unit <id>', 'the unit to cite (default: the only unit, else the volume)')
  .option('--volume', 'cite the volume the document edits')
  .option('--format <format>', CITATION_FORMATS.join(', '), parseCitationFormat, 'chicago-note')
  .action(async (file: string, options: { unit?: string; volume?: boolean; format: CitationFormat }) => {
    const [{ cite, UnitNotFoundError }, { RenderError }] = await Promise.all([import('./cite/index.js'), import('./render.js')]);
    try {
      const output = await cite(file, options.format, { unit: options.unit, volume: options.volume, onDiagnostic: (d) => process.stderr.write(formatText([d])) });
      process.stdout.write(output.endsWith('\n') ? output : output + '\n');
    } catch (error) {
      if (error instanceof UnitNotFoundError) {
        process.stderr.write(`editio: ${error.message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      if (!(error instanceof RenderError)) throw error;
      process.stderr.write(formatText(error.diagnostics));
      process.exitCode = error.diagnostics.some((d) => d.source === 'io') ? EXIT_USAGE : EXIT_INVALID;
    }
  });

program
  .command('build')
  .description('validate and build the reading edition: HTML pages, text files and citations for every citable unit')
  .argument('[paths...]', 'files or folders of *.xml', ['tei'])
  .option('--out <dir>', 'the output folder (default: _site)')
  .option('--profile <name>', 'editio or frus (default: by the document\'s namespaces)', parseProfile)
  .option('--schema <file>', 'a RelaxNG schema to validate against instead of the profile\'s grammar')
  .option('--rules <file>', 'a Schematron file of the project\'s own rules (repeatable)', collect)
  .option('--no-validate', 'build without validating (documents are still read safely)')
  .option('--width <columns>', 'wrap the text edition at this width', parseWidth, 0)
  .option('--jobs <n>', 'worker threads (default: one per core)', parseJobs)
  .option('--no-incremental', 'rebuild every document, even those unchanged since the last build')
  .option('--quiet', 'print findings and errors only')
  .action(async (paths: string[], options: { out?: string; profile?: ProfileName; schema?: string; rules?: string[]; validate: boolean; width: number; jobs?: number; incremental: boolean; quiet?: boolean }) => {
    const started = performance.now();
    const { build } = await import('./build.js');
    const bar = process.stderr.isTTY && !options.quiet && !process.env.CI ? await progressBar() : undefined;
    let report;
    try {
      report = await build({
        input: paths, out: options.out, profile: options.profile, schema: options.schema, ruleFiles: options.rules, validate: options.validate, width: options.width,
        jobs: options.jobs, incremental: options.incremental, config: loadConfig(), cwd: process.cwd(),
        onProgress: bar && ((done, total) => (done === 1 ? bar.start(total, done) : bar.update(done))),
      });
    } catch (error) {
      bar?.stop();
      process.stderr.write(usageMessage(error) + '\n');
      process.exitCode = EXIT_USAGE;
      return;
    }
    bar?.stop();
    process.stdout.write(formatText(report.diagnostics));
    for (const name of report.unsupported) {
      process.stderr.write(`warning  unsupported-element  <${name}> is not in editio's profile: rendered generically, its text kept\n`);
    }
    if (!options.quiet) process.stderr.write(buildSummary(report, (performance.now() - started) / 1000));
    const io = report.diagnostics.some((d) => d.source === 'io');
    process.exitCode = io ? EXIT_USAGE : hasErrors(report.diagnostics) ? EXIT_INVALID : EXIT_OK;
  });

program
  .command('serve')
  .description('build, serve the edition on localhost, and rebuild and reload the page when a source changes')
  .argument('[paths...]', 'files or folders of *.xml to build and watch', ['tei'])
  .option('--out <dir>', 'the output folder (default: _site)')
  .option('--port <n>', 'the port (0: any free port)', parsePort, 8080)
  .option('--profile <name>', 'editio or frus (default: by the document\'s namespaces)', parseProfile)
  .option('--schema <file>', 'a RelaxNG schema to validate against instead of the profile\'s grammar')
  .option('--rules <file>', 'a Schematron file of the project\'s own rules (repeatable)', collect)
  .option('--no-validate', 'build without validating (documents are still read safely)')
  .option('--width <columns>', 'wrap the text edition at this width', parseWidth, 0)
  .option('--jobs <n>', 'worker threads (default: one per core)', parseJobs)
  .action(async (paths: string[], options: { out?: string; port: number; profile?: ProfileName; schema?: string; rules?: string[]; validate: boolean; width: number; jobs?: number }) => {
    const { serve } = await import('./serve.js');
    let preview;
    try {
      const first = performance.now();
      // serve resolves its output folder itself: the project file's is given to it here.
      const config = loadConfig();
      preview = await serve({
        input: paths, out: options.out ?? config?.out, port: options.port, profile: options.profile, schema: options.schema, ruleFiles: options.rules, validate: options.validate, width: options.width, jobs: options.jobs, config, cwd: process.cwd(),
        onPage: ({ page, waits, seconds }) => {
          if (page) process.stderr.write(`${shortPath(page)} made ${seconds.toFixed(2)} s after the save; rebuilding the rest\n`);
          else process.stderr.write(`rebuilding: the page waits for the build, because ${waits}\n`);
        },
        onBuild: ({ report, refused, seconds, reloaded }) => {
          if (!report) {
            process.stdout.write(formatText(refused));
            process.stderr.write('not rebuilt: a changed document cannot be read; still serving the last good pages\n');
            return;
          }
          process.stdout.write(formatText(report.diagnostics));
          const pages = reloaded === 1 ? '1 open page reloaded' : `${reloaded} open pages reloaded`;
          process.stderr.write(`rebuilt in ${seconds.toFixed(1)} s: ${report.written} files written${reloaded ? `, ${pages}` : ''}\n`);
        },
        onError: (error) => process.stderr.write(`editio: the rebuild failed: ${error.message}; still serving the last good pages\n`),
      });
      process.stdout.write(formatText(preview.report.diagnostics));
      process.stderr.write(buildSummary(preview.report, (performance.now() - first) / 1000).replace(/open .*\n$/, ''));
    } catch (error) {
      process.stderr.write(usageMessage(error) + '\n');
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`serving ${preview.url} (watching ${paths.join(', ')}; Ctrl-C to stop)\n`);
    const stop = () => {
      process.stderr.write('stopping\n');
      void preview.close().then(() => process.exit(EXIT_OK));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('tag')
  .description('propose markup where the encoding has none: dates, decimal file numbers, and persons, places and organisations from authority records')
  .argument('<files...>', 'TEI files (or folders of *.xml)')
  .option('--authority <file>', 'a file of authority records (listPerson, listPlace, listOrg, a FRUS persons list); repeat for more', (file: string, files: string[]) => [...files, file], [] as string[])
  .option('--write', 'write the proposals at or above the confidence into the files (with cert and resp="#editio-tag")')
  .option('--diff', 'print the proposals as a unified diff of the source, changing nothing (the default)')
  .option('--format <format>', 'text (the diff and a summary) or json (every proposal with its evidence)', parseFormat, 'text')
  .option('--min-confidence <x>', 'apply proposals at or above this confidence, from 0 to 1', parseConfidence, DEFAULT_MIN_CONFIDENCE)
  .option('--schema <file>', 'the RelaxNG schema the result must stay valid against, instead of editio\'s profile')
  .action(async (files: string[], options: { authority: string[]; write?: boolean; diff?: boolean; format: 'text' | 'json'; minConfidence: number; schema?: string }) => {
    if (options.write && options.diff) {
      process.stderr.write('editio: --write and --diff exclude each other (--diff, the default, changes nothing)\n');
      process.exitCode = EXIT_USAGE;
      return;
    }
    const { tag } = await import('./enrich/index.js');
    let report;
    try {
      report = await tag(files, { authority: options.authority, write: options.write, minConfidence: options.minConfidence, schema: options.schema, cwd: process.cwd() });
    } catch (error) {
      process.stderr.write(usageMessage(error) + '\n');
      process.exitCode = EXIT_USAGE;
      return;
    }
    if (options.format === 'json') process.stdout.write(JSON.stringify({ documents: report.documents, diagnostics: report.diagnostics }, null, 2) + '\n');
    else {
      for (const d of report.documents) if (!options.write) process.stdout.write(d.diff);
      process.stderr.write(formatText(report.diagnostics));
      for (const d of report.documents) process.stderr.write(tagSummary(d, options.minConfidence));
    }
    const io = report.diagnostics.some((d) => d.source === 'io');
    process.exitCode = io ? EXIT_USAGE : hasErrors(report.diagnostics) ? EXIT_INVALID : EXIT_OK;
  });

/** "tei/x.xml: 42 proposals: 38 applied, 3 below 0.8, 1 dropped (it would break validity); 2 records copied in; written" */
function tagSummary(d: TaggedDocument, minimum: number): string {
  const parts = [`${d.applied} ${d.written ? 'written' : 'to apply'}`];
  if (d.belowThreshold) parts.push(`${d.belowThreshold} below ${minimum}`);
  if (d.invalid) parts.push(`${d.invalid} dropped (they would break validity or clash)`);
  const records = d.imported.length ? `; ${d.imported.length} record${d.imported.length === 1 ? '' : 's'} copied into its standOff` : '';
  return `${d.file}: ${d.proposals.length} proposal${d.proposals.length === 1 ? '' : 's'}: ${parts.join(', ')}${records}\n`;
}

/** A progress bar for long builds, on a terminal only (cli-progress). */
async function progressBar() {
  const { default: { SingleBar, Presets } } = await import('cli-progress');
  return new SingleBar({ format: 'building {bar} {percentage}%  {eta_formatted} left', clearOnComplete: true, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
}

/** "built 3 pages from 1 document (12 files written, 0 unchanged; 0 from the cache) …" and where to open it. */
function buildSummary(report: BuildReport, seconds: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.length - errors;
  const mb = report.bytes / 1e6;
  return [
    `built ${plural(report.pages, 'page')} from ${plural(report.documents, 'document')} (${report.written} files written, ${report.unchanged} unchanged; ${report.cached} from the cache)`,
    `${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${seconds.toFixed(1)} s, ${(mb / seconds).toFixed(2)} MB/s, ${(report.documents / seconds).toFixed(1)} documents/s, ${(report.pages / seconds).toFixed(1)} pages/s`,
    `open ${shortPath(report.index)}`,
    '',
  ].join('\n');
}

/** A path relative to the working folder when it lies inside it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function parseTarget(value: string): 'html' | 'text' {
  if (value !== 'html' && value !== 'text') throw new InvalidArgumentError('use html or text');
  return value;
}

function parseWidth(value: string): number {
  const width = Number(value);
  if (!Number.isInteger(width) || width < 0) throw new InvalidArgumentError('use a whole number of columns');
  return width;
}

function parseCitationFormat(value: string): CitationFormat {
  if (!(CITATION_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`use one of ${CITATION_FORMATS.join(', ')}`);
  return value as CitationFormat;
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new InvalidArgumentError('use a whole number of worker threads, 1 or more');
  return jobs;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('use a port number from 0 (any free port) to 65535');
  return port;
}

function parseConfidence(value: string): number {
  const confidence = Number(value);
  if (value.trim() === '' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1) throw new InvalidArgumentError('use a number from 0 to 1');
  return confidence;
}

/** What a failure that is no finding says: a schema, rules file or project file that cannot be used, or a resource run out of (exit code 2). */
function usageMessage(error: unknown): string {
  return error instanceof SchemaError || error instanceof ResourceError || error instanceof ConfigError ? error.message : `editio: ${(error as Error).message}`;
}

/** --rules FILE, repeated, or --no-rules. */
function ruleOptions(rules: string[] | false | undefined): { rules: boolean; ruleFiles?: string[] } {
  return rules === false ? { rules: false } : { rules: true, ruleFiles: rules };
}

function collect(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? previous : []), value];
}

function parseProfile(value: string): ProfileName {
  if (!(PROFILE_NAMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`use ${PROFILE_NAMES.join(' or ')}`);
  return value as ProfileName;
}

function parseFormat(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('use text or json');
  return value;
}

await program.parseAsync(process.argv);
