import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

// The encoding of FRUS 1944 vol. VII, ch. 6 must reproduce its seed text word for word.

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..');
const teiPath = path.resolve(projectRoot, 'tei/frus1944v07-ch6.xml');
const seedPath = path.resolve(projectRoot, '../shared/seed/frus1944v07-ch6.txt');

/** A node of fast-xml-parser's preserveOrder output. */
type OrderedNode = { [key: string]: unknown };

const TEXT = '#text';
const ATTRS = ':@';
/** Block-level elements: their boundaries separate words even without whitespace in the source. */
const BLOCKS = new Set(['div', 'head', 'p', 'ab', 'lg', 'l', 'list', 'item', 'table', 'row', 'cell']);

function nameOf(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ATTRS);
}

function childrenOf(node: OrderedNode): OrderedNode[] {
  const name = nameOf(node);
  if (name === undefined || name === TEXT) return [];
  const value = node[name];
  return Array.isArray(value) ? (value as OrderedNode[]) : [];
}

function attrsOf(node: OrderedNode): Record<string, string> {
  return (node[ATTRS] as Record<string, string> | undefined) ?? {};
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

function findChild(nodes: OrderedNode[], name: string): OrderedNode {
  const found = nodes.find((n) => {
    const k = nameOf(n);
    return k !== undefined && localName(k) === name;
  });
  if (!found) throw new Error(`element <${name}> not found`);
  return found;
}

/** Walks every node in document order. */
function* walk(nodes: OrderedNode[]): Generator<OrderedNode> {
  for (const node of nodes) {
    yield node;
    yield* walk(childrenOf(node));
  }
}

/**
 * The string value of a node list. Notes are left out of it and collected in `notes`
 * (each note's own string value). A page break is written as `marker` when one is given.
 */
function stringValue(
  nodes: OrderedNode[],
  notes: string[],
  pbMarker?: { n: string; marker: string },
): string {
  let out = '';
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === undefined) continue;
    if (name === TEXT) {
      out += String(node[TEXT]);
      continue;
    }
    const local = localName(name);
    if (local === 'note') {
      notes.push(stringValue(childrenOf(node), []));
      continue;
    }
    if (local === 'pb') {
      if (pbMarker && attrsOf(node)['@_n'] === pbMarker.n) out += pbMarker.marker;
      continue;
    }
    const inner = stringValue(childrenOf(node), notes, pbMarker);
    out += BLOCKS.has(local) ? ` ${inner} ` : inner;
  }
  return out;
}

function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function parseTei(): OrderedNode[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    trimValues: false,
    processEntities: true,
    parseTagValue: false,
    parseAttributeValue: false,
  });
  return parser.parse(readFileSync(teiPath, 'utf-8')) as OrderedNode[];
}

function bodyOf(doc: OrderedNode[]): OrderedNode {
  const tei = findChild(doc, 'TEI');
  const text = findChild(childrenOf(tei), 'text');
  return findChild(childrenOf(text), 'body');
}

/** The seed split into its reading text and its footnote text. */
function readSeed(): { body: string; footnote: string } {
  const raw = readFileSync(seedPath, 'utf-8').replace(/\r\n?/g, '\n');
  const lines = raw.split('\n');
  const footnoteStart = lines.findIndex((l) => /^\s+1\.\s/.test(l));
  if (footnoteStart <= 0) throw new Error('footnote block not found in the seed');
  const footnote = lines
    .slice(footnoteStart)
    .join('\n')
    .replace(/^\s+1\.\s+/, '');
  const bodyLines = lines
    .slice(0, footnoteStart)
    .filter((l) => l.trim() !== '[Page 171]');
  // The footnote marker "1" at the end of the title line is not text.
  const title = bodyLines[0] ?? '';
  if (!/Soviet Union1$/.test(title)) throw new Error('footnote marker not found on the title line');
  bodyLines[0] = title.replace(/1$/, '');
  return { body: normalise(bodyLines.join('\n')), footnote: normalise(footnote) };
}

describe('tei/frus1944v07-ch6.xml reproduces the seed text', () => {
  const doc = parseTei();
  const body = bodyOf(doc);
  const seed = readSeed();

  it('has the reading text of the seed, word for word, with the note left out', () => {
    const notes: string[] = [];
    const text = normalise(stringValue(childrenOf(body), notes));
    expect(text).toBe(seed.body);
  });

  it('has the footnote text of the seed, word for word', () => {
    const notes: string[] = [];
    stringValue(childrenOf(body), notes);
    expect(notes.map(normalise)).toEqual([seed.footnote]);
  });

  it('has exactly one page break 171, between the quotation and “The Chilean President told”', () => {
    const pbs = [...walk(childrenOf(body))].filter((n) => {
      const k = nameOf(n);
      return k !== undefined && localName(k) === 'pb' && attrsOf(n)['@_n'] === '171';
    });
    expect(pbs).toHaveLength(1);

    const marker = '\u0000PB171\u0000';
    const withMarker = stringValue(childrenOf(body), [], { n: '171', marker });
    const parts = withMarker.split(marker);
    expect(parts).toHaveLength(2);
    expect(normalise(parts[0]!)).toMatch(/connected or affiliated with the Soviet Union\.”$/);
    expect(normalise(parts[1]!)).toMatch(/^The Chilean President told/);
  });

  it('cites seven decimal-file numbers', () => {
    const idnos = [...walk(childrenOf(body))].filter((n) => {
      const k = nameOf(n);
      return k !== undefined && localName(k) === 'idno' && attrsOf(n)['@_type'] === 'decimal-file';
    });
    expect(idnos).toHaveLength(7);
  });
});
