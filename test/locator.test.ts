import { describe, expect, it } from 'vitest';
import { Locator } from '../src/load/locator.js';
import { indexElements } from '../src/load/elements.js';

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
});
