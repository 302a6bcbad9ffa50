import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from './load/position.js';
import { PROFILE_NAMES, RULE_SEVERITIES, type ProfileName, type RuleSeverity } from './validate/profiles.js';

/**
 * The project file: `editio.config.json`, or the `editio` key of `package.json`, in the folder
 * where editio runs or the nearest one above it. It names what the command line would: the
 * profile, the schema, the rules files, severities by rule, the output folder and the files of
 * authority records. Paths in it are relative to its folder. Command-line options win over it.
 */
export interface ProjectConfig {
  /** The file it was read from. */
  file: string;
  profile?: ProfileName;
  /** Absolute paths, from here on. */
  schema?: string;
  rules?: string[];
  severities?: Record<string, RuleSeverity>;
  out?: string;
  /** Documents of authority records (persons, places, organisations) that pointers of every document may reach. */
  records?: string[];
  /** Where a key stands in the file, for messages: "editio.config.json:4:5". */
  where(...path: string[]): string;
}

/** A project file that cannot be used: a usage problem (exit code 2), naming the file, the place and the key. */
export class ConfigError extends Error {}

export const CONFIG_FILE = 'editio.config.json';
const KEYS = ['profile', 'schema', 'rules', 'severities', 'out', 'records'] as const;

/** The project file for a folder: the nearest editio.config.json (or package.json with an `editio` key) at or above it, if any. */
export function loadConfig(cwd = process.cwd()): ProjectConfig | undefined {
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    const own = join(folder, CONFIG_FILE);
    if (existsSync(own)) return readConfig(own, [], cwd);
    const pkg = join(folder, 'package.json');
    if (existsSync(pkg)) {
      const config = readConfig(pkg, ['editio'], cwd);
      if (config) return config;
    }
    if (dirname(folder) === folder) return undefined;
  }
}

/** Read and check a project file; `at` is the key that holds the settings (package.json: ["editio"]). */
function readConfig(path: string, at: string[], cwd: string): ProjectConfig | undefined {
  const name = displayPath(path, cwd);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${name}: cannot read it: ${(error as Error).message}`);
  }
  const lines = new LineIndex(text);
  const place = (offset: number) => {
    const { line, column } = lines.positionAt(offset);
    return `${name}:${line}:${column}`;
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || !tree) {
    const first = errors[0];
    throw new ConfigError(`${place(first?.offset ?? 0)}: not valid JSON: ${first ? describeParseError(first) : 'empty file'}`);
  }
  const root = at.length ? findNodeAtLocation(tree, at) : tree;
  if (!root) return undefined; // a package.json without an editio key
  const label = (key?: string) => [...at, ...(key ? [key] : [])].join('.') || '(the file)';
  if (root.type !== 'object') throw new ConfigError(`${place(root.offset)}: ${label()}: expected an object of settings`);
  const folder = dirname(path);
  const config: ProjectConfig = {
    file: path,
    where: (...keys) => {
      const node = findNodeAtLocation(root, keys);
      const property = node?.parent?.type === 'property' ? node.parent : node;
      return property ? place(property.offset) : name;
    },
  };
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children as [Node, Node];
    const key = String(keyNode.value);
    const fail = (problem: string, node: Node = valueNode): never => {
      throw new ConfigError(`${place(node.offset)}: ${label(key)}: ${problem}`);
    };
    const value = getNodeValue(valueNode) as unknown;
    const file = (v: unknown, node: Node): string => {
      if (typeof v !== 'string' || !v) fail('expected a file name', node);
      const full = resolve(folder, v as string);
      if (!existsSync(full)) fail(`no such file: ${v as string}`, node);
      return full;
    };
    const files = (): string[] => (valueNode.type === 'array' ? (valueNode.children ?? []).map((n) => file(getNodeValue(n), n)) : [file(value, valueNode)]);
    switch (key as (typeof KEYS)[number]) {
      case 'profile':
        if (!(PROFILE_NAMES as readonly unknown[]).includes(value)) fail(`expected ${PROFILE_NAMES.map((p) => `"${p}"`).join(' or ')}, not ${JSON.stringify(value)}`);
        config.profile = value as ProfileName;
        break;
      case 'schema':
        config.schema = file(value, valueNode);
        break;
      case 'rules':
        config.rules = files();
        break;
      case 'records':
        config.records = files();
        break;
      case 'out':
        if (typeof value !== 'string' || !value) fail('expected the name of a folder');
        config.out = resolve(folder, value as string);
        break;
      case 'severities': {
        if (valueNode.type !== 'object') fail(`expected an object of rule names and severities ("footnote-sequence": "warning")`);
        const severities: Record<string, RuleSeverity> = {};
        for (const entry of valueNode.children ?? []) {
          const [rule, level] = entry.children as [Node, Node];
          if (!(RULE_SEVERITIES as readonly unknown[]).includes(level.value)) {
            throw new ConfigError(`${place(level.offset)}: ${label(key)}.${String(rule.value)}: expected ${RULE_SEVERITIES.map((s) => `"${s}"`).join(', ')}, not ${JSON.stringify(getNodeValue(level))}`);
          }
          severities[String(rule.value)] = level.value as RuleSeverity;
        }
        config.severities = severities;
        break;
      }
      default:
        fail(`unknown key (the keys are ${KEYS.join(', ')})`, keyNode);
    }
  }
  return config;
}

function describeParseError(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..' + sep) && rel !== '..' ? rel : path;
}
