#!/usr/bin/env node
/** The command line: a thin shell over the library API. */
import { Command, InvalidArgumentError } from 'commander';
import { validate, SchemaError } from './validate/index.js';
import { hasErrors } from './diagnostic.js';
import { formatText, formatSummary } from './report/text.js';
import { formatJson } from './report/json.js';

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
  .option('--schema <file>', 'a RelaxNG schema (XML syntax) to use instead of editio\'s profile')
  .option('--no-rules', 'skip the rule checks (grammar only)')
  .action(async (paths: string[], options: { format: 'text' | 'json'; schema?: string; rules: boolean }) => {
    let diagnostics;
    let documents = 0;
    try {
      diagnostics = await validate(paths, {
        schema: options.schema,
        rules: options.rules,
        cwd: process.cwd(),
        onProgress: (stage, _done, total) => void (stage === 'load' && (documents = total)),
      });
    } catch (error) {
      const message = error instanceof SchemaError ? error.message : `editio: ${(error as Error).message}`;
      process.stderr.write(message + '\n');
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

function parseFormat(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('use text or json');
  return value;
}

await program.parseAsync(process.argv);
