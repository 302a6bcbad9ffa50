import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { saxon } from '../saxon.js';
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import type { Locator } from '../load/locator.js';
import type { ProfileName } from './profiles.js';

/** The compiled form of schemas/editio.sch (see scripts/build-xslt.mjs). */
const RULES_SEF = fileURLToPath(new URL('../../dist/sef/editio.rules.sef.json', import.meta.url));

interface Finding {
  rule: string;
  severity: Severity;
  path: string;
  message: string;
}

let compiled: unknown;
/** The compiled rules, read once per process (and saxon-js with them, from the first check). */
export function rulesStylesheet(): unknown {
  if (!compiled) {
    try {
      compiled = JSON.parse(readFileSync(RULES_SEF, 'utf8'));
    } catch {
      throw new Error(`editio's compiled rules are missing (${RULES_SEF}): run \`npm run build\``);
    }
  }
  return compiled;
}

/** What a part of a volume (load/volume.ts) knows of the other parts: the ids its pointers reach there, and its ids pointed at from there. */
export interface RuleContext {
  targets: Record<string, string>;
  pointedElsewhere: string[];
  /** Its pointers found in other documents of the run (load/links.ts). */
  reached?: string[];
  /** The documents of the run its pointers name. */
  documents?: string[];
}

export interface RuleOptions {
  /** The profile whose conventions the rules follow (FRUS: a footnote number printed again refers back). */
  conventions?: ProfileName;
  /** A part of a volume, or a document of a run, and what it knows of the others. */
  context?: RuleContext;
  /** The project's own rules, compiled (validate/schematron.ts): SEF files run after editio's. */
  project?: string[];
  /** A FRUS document taken out of its volume: its #ids that resolve nowhere are not checked (ref-unchecked). */
  extract?: boolean;
}

const projectStylesheets = new Map<string, unknown>();
function projectStylesheet(sef: string): unknown {
  let stylesheet = projectStylesheets.get(sef);
  if (!stylesheet) projectStylesheets.set(sef, (stylesheet = JSON.parse(readFileSync(sef, 'utf8'))));
  return stylesheet;
}

/** Run the Schematron rule checks on a parsed document and place each finding exactly. */
export function checkRules(source: Source, document: unknown, locator: Locator, options: RuleOptions = {}): Diagnostic[] {
  const { context } = options;
  const stylesheetParams = {
    'Q{urn:editio:functions}conventions': options.conventions ?? 'editio',
    'Q{urn:editio:functions}extract': options.extract ?? false,
    ...(context ? {
      'Q{urn:editio:functions}ids-elsewhere': [...new Set([...Object.keys(context.targets), ...(context.reached ?? []).map((p) => (p.startsWith('#') ? p.slice(1) : p))])].join(' '),
      'Q{urn:editio:functions}pointed-at-elsewhere': context.pointedElsewhere.join(' '),
      'Q{urn:editio:functions}documents': (context.documents ?? []).join(' '),
    } : {}),
  };
  const findings = run(rulesStylesheet(), document, stylesheetParams);
  for (const sef of options.project ?? []) findings.push(...run(projectStylesheet(sef), document, {}));
  return findings.map((f) => {
    const position = locator.locatePath(f.path) ?? { line: 1, column: 1 };
    return { file: source.file, ...position, severity: f.severity, rule: f.rule, source: 'rules', message: f.message, xpath: f.path };
  });
}

function run(stylesheet: unknown, document: unknown, stylesheetParams: Record<string, string | boolean>): Finding[] {
  const result = saxon().transform({ stylesheetInternal: stylesheet, sourceNode: document, stylesheetParams, destination: 'serialized' }, 'sync');
  return JSON.parse(String(result.principalResult)) as Finding[];
}
