import { describe, expect, it } from 'vitest';
import { Locator } from '../src/load/locator.js';
import { ElementIndex, indexElements } from '../src/load/elements.js';

const text = [
  '<?xml version="1.0"?>',
  '<!-- <p> in a comment is no element -->',
  '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:f="urn:f">',
  '  <text><body><p>One <![CDATA[<p>not an element</p>]]></p>',
  '    <p n="2"',
  '       xml:id="p2">Two <f:x f:y="1"/></p><p/></body></text>',
  '</TEI>',
].join('\n');

describe('element index and locator', () => {
  it('names elements by path, TEI by local name and others by namespace URI', () => {
    expect(indexElements(text).map((r) => r.path)).toEqual([
      '/TEI[1]',
      '/TEI[1]/text[1]',
      '/TEI[1]/text[1]/body[1]',
      '/TEI[1]/text[1]/body[1]/p[1]',
      '/TEI[1]/text[1]/body[1]/p[2]',
      '/TEI[1]/text[1]/body[1]/p[2]/Q{urn:f}x[1]',
      '/TEI[1]/text[1]/body[1]/p[3]',
    ]);
  });

  it('places elements and attributes exactly, across lines', () => {
    const locator = new Locator(text);
    expect(locator.locatePath('/TEI[1]/text[1]/body[1]/p[2]')).toEqual({ line: 5, column: 5 });
    expect(locator.locatePath('/TEI[1]/text[1]/body[1]/p[2]/@xml:id')).toEqual({ line: 6, column: 8 });
    expect(locator.locatePath('/TEI[1]/text[1]/body[1]/p[2]/Q{urn:f}x[1]/@Q{urn:f}y')).toEqual({ line: 6, column: 29 });
    expect(locator.locatePath('/TEI[1]/text[1]/body[1]/p[3]')).toEqual({ line: 6, column: 42 });
  });

  it('reads libxml2 lines, which count where a start tag ends', () => {
    const locator = new Locator(text);
    expect(locator.locateOnLine(6, 'p').position).toEqual({ line: 5, column: 5 });
    expect(locator.locateOnLine(6, 'p', 'n').position).toEqual({ line: 5, column: 8 });
  });

  it('indexes only as far as asked: an element not yet closed ends at Infinity until the index passes its end tag', () => {
    const index = new ElementIndex(text);
    index.upTo(text.indexOf('<p n="2"'));
    expect(index.records.map((r) => r.path)).toEqual(['/TEI[1]', '/TEI[1]/text[1]', '/TEI[1]/text[1]/body[1]', '/TEI[1]/text[1]/body[1]/p[1]']);
    expect(index.records[2]!.end).toBe(Infinity); // body is still open there
    expect(index.records[3]!.end).toBe(text.lastIndexOf('</p>', text.indexOf('<p n="2"')) + 4);
    expect(index.get(6)!.path).toBe('/TEI[1]/text[1]/body[1]/p[3]'); // asked for, so indexed
    expect(index.get(7)).toBeUndefined();
    expect(index.records[2]!.end).toBe(text.indexOf('</body>') + 7);
    expect(index.records[5]!.parent).toBe(index.records[4]);
    expect(index.all()).toEqual(indexElements(text));
  });

  it('finds what libxml2 names from a line: a child of an element, and the next element of a name after a placeless line', () => {
    const locator = new Locator(text);
    const p2 = locator.locateOnLine(6, 'p').element!;
    expect(locator.locateChild(p2, 'x')).toMatchObject({ position: { line: 6, column: 24 }, path: '/TEI[1]/text[1]/body[1]/p[2]/Q{urn:f}x[1]' });
    expect(locator.locateChild(p2, 'p')).toBeUndefined(); // p[3] follows p2, it is not inside it
    expect(locator.locateOnLine(1, 'x').path).toBe('/TEI[1]/text[1]/body[1]/p[2]/Q{urn:f}x[1]');
    expect(locator.parentOf(p2)!.path).toBe('/TEI[1]/text[1]/body[1]');
    const early = new Locator(text);
    const body = early.locateOnLine(4, 'body').element!;
    expect(body.end).toBe(Infinity); // the index has not reached its end tag
    expect(early.endOf(body)).toBe(text.indexOf('</body>') + 7);
  });
});
