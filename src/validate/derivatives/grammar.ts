import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { Patterns, type NameClass, type Pattern, type QName, type ValueTest } from './patterns.js';

/**
 * A RelaxNG schema in the form editio keeps: simplified (includes, overrides, combines and
 * definitions resolved, by salve-annos, which implements RelaxNG's simplification) and stored as
 * a table of shared nodes, each naming earlier ones by index. tei_all's 250,000 simplified
 * nodes are a few thousand distinct ones: the form is small, and quick to read from the cache.
 */
export interface GrammarForm {
  /** Index of the start pattern in `nodes`. */
  start: number;
  nodes: Node[];
  /** Element definitions: [name class node, content node]. */
  elements: [number, number][];
}

type Node =
  | ['notAllowed'] | ['empty'] | ['text']
  | ['choice' | 'group' | 'interleave', number, number]
  | ['oneOrMore' | 'list', number]
  | ['attribute', number, number]
  /** An element: its index in `elements`. */
  | ['element', number]
  | ['data', string, string, [string, string][], number?]
  | ['value', string, string, string, string]
  | ['name', string, string]
  | ['nameChoice', number, number]
  | ['nsName', string, number?]
  | ['anyName', number?];

const require = createRequire(import.meta.url);

interface Converted {
  form: GrammarForm;
  /** Every file the schema was made of (itself and what it includes), as file URLs. */
  files: string[];
}

/** Read a schema and what it includes, check and simplify it (salve-annos), and put it in editio's form. */
export async function convertSchema(path: string): Promise<Converted> {
  const salve = require('salve-annos') as typeof import('salve-annos');
  readIncludedFiles();
  const result = await salve.convertRNGToPattern(pathToFileURL(path), {
    createManifest: true,
    manifestHashAlgorithm: async () => '',
    resourceLoader: undefined,
    idCheck: false,
  });
  return { form: toForm(result.pattern), files: result.manifest.map((m) => m.filePath) };
}

/**
 * salve-annos 1.2.4 hands an included file (`include`, `externalRef`) to its parser by URL only,
 * without its text, and the parser fails on `undefined`: read the text there, as it does for the
 * main schema (which also puts the included file in the manifest, and so in the cache's key).
 */
function readIncludedFiles(): void {
  type Resource = { getText(): Promise<string> };
  interface Simplifier {
    options: { resourceLoader: { load(url: URL): Promise<Resource> } };
    parse(url: URL, resource?: Resource, text?: string): Promise<unknown>;
    editioReadsIncludes?: boolean;
  }
  const { InternalSimplifier } = require('salve-annos/lib/salve/conversion/schema-simplifiers/internal.js') as { InternalSimplifier: { prototype: Simplifier } };
  const prototype = InternalSimplifier.prototype;
  if (prototype.editioReadsIncludes) return;
  const parse = prototype.parse;
  prototype.parse = async function (this: Simplifier, url: URL, resource?: Resource, text?: string) {
    if (text === undefined) {
      resource = await this.options.resourceLoader.load(url);
      text = await resource.getText();
    }
    return parse.call(this, url, resource, text);
  };
  prototype.editioReadsIncludes = true;
}

/** salve's simplified pattern objects, as far as editio reads them. */
interface SalvePattern {
  constructor: { name: string };
  pat?: SalvePattern;
  patA?: SalvePattern;
  patB?: SalvePattern;
  except?: SalvePattern;
  name?: SalveName | string;
  type?: string;
  datatypeLibrary?: string;
  rngParams?: { name: string; value: string }[];
  rawValue?: string;
  ns?: string;
}
interface SalveName {
  kind: 'Name' | 'NameChoice' | 'NsName' | 'AnyName';
  ns?: string;
  name?: string;
  a?: SalveName;
  b?: SalveName;
  except?: SalveName;
}

function toForm(grammar: import('salve-annos').Grammar): GrammarForm {
  const definitions = (grammar as unknown as { definitions: Map<string, { pat: SalvePattern }> }).definitions;
  const nodes: Node[] = [];
  const index = new Map<string, number>();
  const elements: [number, number][] = [];
  const elementIndex = new Map<string, number>();
  const add = (node: Node): number => {
    const key = JSON.stringify(node);
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.push(node) - 1;
      index.set(key, i);
    }
    return i;
  };
  const nameClass = (n: SalveName): number => {
    switch (n.kind) {
      case 'Name':
        return add(['name', n.ns!, n.name!]);
      case 'NameChoice':
        return add(['nameChoice', nameClass(n.a!), nameClass(n.b!)]);
      case 'NsName':
        return add(n.except ? ['nsName', n.ns!, nameClass(n.except)] : ['nsName', n.ns!]);
      case 'AnyName':
        return add(n.except ? ['anyName', nameClass(n.except)] : ['anyName']);
    }
  };
  const element = (name: string): number => {
    let i = elementIndex.get(name);
    if (i === undefined) {
      i = elements.push([-1, -1]) - 1;
      elementIndex.set(name, i);
      const el = definitions.get(name)!.pat;
      elements[i] = [nameClass(el.name as SalveName), pattern(el.pat!)];
    }
    return add(['element', i]);
  };
  const seen = new Map<SalvePattern, number>();
  const pattern = (p: SalvePattern): number => {
    let i = seen.get(p);
    if (i === undefined) seen.set(p, (i = convert(p)));
    return i;
  };
  const convert = (p: SalvePattern): number => {
    switch (p.constructor.name) {
      case 'NotAllowed':
        return add(['notAllowed']);
      case 'Empty':
        return add(['empty']);
      case 'Text':
        return add(['text']);
      case 'Choice':
        return add(['choice', pattern(p.patA!), pattern(p.patB!)]);
      case 'Group':
        return add(['group', pattern(p.patA!), pattern(p.patB!)]);
      case 'Interleave':
        return add(['interleave', pattern(p.patA!), pattern(p.patB!)]);
      case 'OneOrMore':
        return add(['oneOrMore', pattern(p.pat!)]);
      case 'List':
        return add(['list', pattern(p.pat!)]);
      case 'Attribute':
        return add(['attribute', nameClass(p.name as SalveName), pattern(p.pat!)]);
      case 'Ref':
        return element(p.name as string);
      case 'Data': {
        const params = (p.rngParams ?? []).map(({ name, value }): [string, string] => [name, value]);
        return add(p.except ? ['data', p.datatypeLibrary!, p.type!, params, pattern(p.except)] : ['data', p.datatypeLibrary!, p.type!, params]);
      }
      case 'Value':
        return add(['value', p.datatypeLibrary!, p.type!, p.rawValue!, p.ns!]);
      default:
        throw new Error(`unexpected pattern in the simplified schema: ${p.constructor.name}`);
    }
  };
  const start = pattern(grammar.start as unknown as SalvePattern);
  return { start, nodes, elements };
}

/** A schema ready to validate with: its patterns, its start, and its elements by name (to recover from a misplaced one). */
export interface Grammar {
  patterns: Patterns;
  start: Pattern;
  /** The definitions of elements that may have this name, wherever they are allowed. */
  elementsNamed(name: QName): Pattern[];
}

/**
 * Build patterns from the form, each node when first needed. `alsoAccepts`, when given, must
 * also accept a datatype's value (a stricter engine's view of it: libxml2-values.ts).
 */
export function loadGrammar(form: GrammarForm, limit?: number, alsoAccepts?: (type: string, text: string) => boolean): Grammar {
  const { registry } = require('salve-annos/lib/salve/datatypes.js') as { registry: { get(uri: string): import('salve-annos/lib/salve/datatypes/library.js').TypeLibrary } };
  const patterns = new Patterns(limit);
  const built: (Pattern | undefined)[] = new Array(form.nodes.length);
  const names: (NameClass | undefined)[] = new Array(form.nodes.length);
  const elements: Pattern[] = [];
  const { EName } = require('salve-annos/lib/salve/ename.js') as typeof import('salve-annos/lib/salve/ename.js');
  // Only QName-typed values need names resolved (TEI has none): an unprefixed name is in no namespace, a prefixed one unknown.
  const context = { resolver: { resolveName: (name: string) => (name.includes(':') ? undefined : new EName('', name)), clone() { return this; } } };

  const nameClass = (i: number): NameClass => (names[i] ??= makeNameClass(form.nodes[i]!, nameClass));
  const element = (e: number): Pattern => {
    const [nc, content] = form.elements[e]!;
    return (elements[e] ??= patterns.element(nameClass(nc), () => build(content)));
  };
  const build = (i: number): Pattern => {
    let p = built[i];
    if (p) return p;
    const node = form.nodes[i]!;
    switch (node[0]) {
      case 'notAllowed':
        p = patterns.notAllowed;
        break;
      case 'empty':
        p = patterns.empty;
        break;
      case 'text':
        p = patterns.text;
        break;
      case 'choice':
        p = patterns.choice(build(node[1]), build(node[2]));
        break;
      case 'group':
        p = patterns.group(build(node[1]), build(node[2]));
        break;
      case 'interleave':
        p = patterns.interleave(build(node[1]), build(node[2]));
        break;
      case 'oneOrMore':
        p = patterns.oneOrMore(build(node[1]));
        break;
      case 'list':
        p = patterns.list(build(node[1]));
        break;
      case 'attribute':
        p = patterns.attribute(nameClass(node[1]), build(node[2]));
        break;
      case 'element':
        p = element(node[1]);
        break;
      case 'data': {
        const [, library, type, params, except] = node;
        const datatype = registry.get(library).types[type]!;
        const parsed = datatype.parseParams(`${type}`, params.map(([name, value]) => ({ name, value })));
        const exception = except === undefined ? undefined : build(except);
        p = patterns.data({
          accepts: (text) => datatype.disallows(text, parsed, context) === false && !(exception && patterns.valueMatches(exception, text)) && (alsoAccepts?.(type, text) ?? true),
          describe: () => describeData(type, params),
        });
        break;
      }
      case 'value': {
        const [, library, type, raw] = node;
        const datatype = registry.get(library).types[type]!;
        const value = datatype.parseValue(type, raw, context);
        p = patterns.value({ accepts: (text) => datatype.equal(text, value, context), describe: () => JSON.stringify(raw) });
        break;
      }
      default:
        throw new Error(`not a pattern: ${node[0]}`);
    }
    return (built[i] = p);
  };

  const byName = new Map<string, Pattern[]>();
  return {
    patterns,
    start: build(form.start),
    elementsNamed(name: QName): Pattern[] {
      const key = `${name.ns}\u0000${name.local}`;
      let found = byName.get(key);
      if (!found) {
        found = form.elements.map((_, e) => element(e)).filter((p) => p.nameClass!.contains(name));
        byName.set(key, found);
      }
      return found;
    },
  };
}

function makeNameClass(node: Node, nameClass: (i: number) => NameClass): NameClass {
  switch (node[0]) {
    case 'name': {
      const [, ns, local] = node;
      return { contains: (n) => n.local === local && n.ns === ns, names: () => [{ ns, local, id: -1 }], describe: () => (ns ? `{${ns}}${local}` : local) };
    }
    case 'nameChoice': {
      const a = nameClass(node[1]);
      const b = nameClass(node[2]);
      return {
        contains: (n) => a.contains(n) || b.contains(n),
        names: () => {
          const [x, y] = [a.names(), b.names()];
          return x && y ? [...x, ...y] : undefined;
        },
        describe: () => `${a.describe()} or ${b.describe()}`,
      };
    }
    case 'nsName': {
      const [, ns, except] = node;
      const exception = except === undefined ? undefined : nameClass(except);
      return {
        contains: (n) => n.ns === ns && !exception?.contains(n),
        names: () => undefined,
        describe: () => `any name in ${ns || 'no namespace'}${exception ? ` but ${exception.describe()}` : ''}`,
      };
    }
    case 'anyName': {
      const exception = node[1] === undefined ? undefined : nameClass(node[1]);
      return {
        contains: (n) => !exception?.contains(n),
        names: () => undefined,
        describe: () => (exception ? `any name but ${exception.describe().replace(/any name in /g, 'those in ')}` : 'any name'),
      };
    }
    default:
      throw new Error(`not a name class: ${node[0]}`);
  }
}

/** A datatype in an editor's words. */
function describeData(type: string, params: [string, string][]): string {
  const words: Record<string, string> = {
    anyURI: 'a URI', boolean: 'true or false', date: 'a date (YYYY-MM-DD)', dateTime: 'a date and time (YYYY-MM-DDThh:mm:ss)',
    time: 'a time (hh:mm:ss)', gYear: 'a year (YYYY)', gYearMonth: 'a year and month (YYYY-MM)', gMonth: 'a month (--MM)',
    gDay: 'a day (---DD)', gMonthDay: 'a month and day (--MM-DD)', duration: 'a duration (P1Y2M3D)', decimal: 'a decimal number',
    double: 'a number', float: 'a number', integer: 'a whole number', nonNegativeInteger: 'a whole number, 0 or more',
    positiveInteger: 'a whole number, 1 or more', language: 'a language tag (en, fr-CA)', NCName: 'a name without spaces or colons',
    Name: 'an XML name', ID: 'an identifier (an XML name)', IDREF: 'an identifier', IDREFS: 'identifiers', NMTOKEN: 'a name token',
    QName: 'a prefixed name', string: 'text', token: 'text',
  };
  const pattern = params.find(([name]) => name === 'pattern')?.[1];
  const base = words[type] ?? `a ${type}`;
  return pattern ? `${base} matching ${pattern}` : base;
}
