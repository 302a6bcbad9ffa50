import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { render } from '../src/index.js';
import { checkText } from '../src/load/source.js';
import { shared, xmlFiles } from './helpers.js';

// Real TEI written by others must render, and the text edition must lose none of its words:
// every word of the body, except those the edition shows in another form (a deletion, the
// uncorrected side of a choice) or leaves out on purpose (running heads, figure descriptions).
// The expected words come from fast-xml-parser, independent of the XSLT under test.
const corpus = xmlFiles(join(shared, 'corpus'));

/** Subtrees the text edition leaves out, and the side of a choice it does not show. */
const LEFT_OUT = new Set(['teiHeader', 'standOff', 'del', 'fw', 'figDesc', 'gap']);
/** Elements whose edges separate words (supplied text is bracketed); text nodes elsewhere join as the string value does. */
const SEPARATE = new Set(['supplied', 'p', 'ab', 'l', 'lg', 'head', 'item', 'label', 'cell', 'row', 'div', 'list', 'table', 'note', 'pb', 'cb', 'lb', 'sp', 'speaker', 'stage', 'titlePart', 'byline', 'dateline', 'signed', 'closer', 'opener', 'trailer']);
type Node = Record<string, unknown>;
const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
const local = (name: string) => name.slice(name.indexOf(':') + 1);

function shownText(nodes: Node[], inText: boolean, out: string[]): void {
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === '#text') {
      if (inText) out.push(String(node['#text']));
      continue;
    }
    if (LEFT_OUT.has(local(name))) {
      if (local(name) === 'gap') out.push(' '); // shown as "[…]", which parts the words on either side
      continue;
    }
    let children = node[name] as Node[];
    if (local(name) === 'choice') {
      const elements = children.filter((c) => nameOf(c) !== '#text');
      const reading = ['corr', 'reg', 'expan'].map((r) => elements.find((c) => local(nameOf(c)) === r)).find(Boolean) ?? elements[0];
      children = reading ? [reading] : [];
    }
    const separate = SEPARATE.has(local(name)) && !(local(name) === 'lb' && (node[':@'] as Record<string, string> | undefined)?.['@_break'] === 'no');
    if (separate) out.push(' ');
    shownText(children, inText || local(name) === 'text', out);
    if (separate) out.push(' ');
  }
}

function words(text: string): Set<string> {
  return new Set(text.normalize("NFC").match(/\p{L}+|\p{Nd}+/gu) ?? []);
}

function bodyWords(file: string): Set<string> {
  const { source } = checkText({ file, text: readFileSync(file, 'utf8') });
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false, parseTagValue: false, processEntities: true, htmlEntities: false });
  const out: string[] = [];
  shownText(parser.parse(source!.text) as Node[], false, out);
  return words(out.join(''));
}

describe('every file of the shared corpus renders', () => {
  it('finds the corpus', () => expect(corpus.length).toBeGreaterThanOrEqual(25));

  it.each(corpus.map((f) => [basename(f), f]))('%s: HTML and text, every word of the body kept', async (_name, file) => {
    const html = await render(file, 'html');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="[^"]+">/);
    expect(html).toContain('</html>');
    const text = await render(file, 'text');
    const shown = words(text);
    const missing = [...bodyWords(file)].filter((w) => !shown.has(w));
    expect(missing, `words of ${basename(file)} missing from its text edition`).toEqual([]);
  });
});
