import { ElementIndex, type ElementRecord } from './elements.js';
import { LineIndex, type Position } from './position.js';

/**
 * Turns what the engines report (a node path from the rules, a line and an element
 * name from libxml2) into an exact line and column. Built lazily: a clean document
 * is never indexed, and a finding near its start indexes it only that far.
 */
export class Locator {
  private lines?: LineIndex;
  private index?: ElementIndex;
  private byPath?: Map<string, ElementRecord>;

  constructor(private readonly text: string) {}

  positionAt(offset: number): Position {
    this.lines ??= new LineIndex(this.text);
    return this.lines.positionAt(offset);
  }

  /** Position of the node a path names: an element's `<`, or an attribute's name. */
  locatePath(path: string): Position | undefined {
    this.byPath ??= new Map(this.elements().all().map((r) => [r.path, r]));
    const at = path.lastIndexOf('/@');
    const record = this.byPath.get(at === -1 ? path : path.slice(0, at));
    if (!record) return path === '/' ? { line: 1, column: 1 } : undefined;
    const offset = at === -1 ? record.offset : record.attributes.get(path.slice(at + 1)) ?? record.offset;
    return this.positionAt(offset);
  }

  /**
   * The element libxml2 means by "line N, element NAME": libxml2 gives no column and counts
   * the line where the start tag ends, so take the first start tag of that name ending on
   * that line (else starting on it, else the next one after it), or the attribute of it
   * when one is named.
   */
  locateOnLine(line: number, localName?: string, attribute?: string): { position: Position; path?: string; element?: ElementRecord } {
    this.lines ??= new LineIndex(this.text);
    const start = this.lines.lineStart(line);
    const end = this.lines.lineStart(line + 1);
    const record = localName ? this.onLine(start, end, localName) : undefined;
    if (!record) {
      const firstNonSpace = this.text.slice(start, end).search(/\S/);
      return { position: { line, column: firstNonSpace === -1 ? 1 : firstNonSpace + 1 } };
    }
    // libxml2 names xml:id, xml:lang as "id", "lang".
    const found = attribute ? [...record.attributes].find(([step]) => step === `@${attribute}` || step === `@xml:${attribute}` || step.endsWith(`}${attribute}`)) : undefined;
    return {
      position: this.positionAt(found?.[1] ?? record.offset),
      path: found ? `${record.path}/${found[0].startsWith('@xml:') ? found[0] : `@${attribute}`}` : record.path,
      element: record,
    };
  }

  /** The first element of that name whose start tag ends on the line [start, end), else starts on it, else the next one after it. */
  private onLine(start: number, end: number, localName: string): ElementRecord | undefined {
    const index = this.elements();
    index.upTo(end);
    const { records } = index;
    // Start tags end in document order: begin at the first that ends at or after the line's start.
    let low = 0;
    let high = records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (records[middle]!.tagEnd - 1 < start) low = middle + 1;
      else high = middle;
    }
    let startsOnLine: ElementRecord | undefined;
    for (let i = low; i < records.length && records[i]!.offset < end; i++) {
      const r = records[i]!;
      if (r.localName !== localName) continue;
      if (r.tagEnd - 1 < end) return r;
      if (r.offset >= start) startsOnLine ??= r;
    }
    if (startsOnLine) return startsOnLine;
    // A placeless message inherits the line of the one before: the next such element after it.
    for (let i = low, r = index.get(i); r; r = index.get(++i)) if (r.localName === localName && r.offset >= start) return r;
    return undefined;
  }

  /** Where the first child element of that name stands (libxml2 names a parent and its unexpected child). */
  locateChild(parent: ElementRecord, localName: string): { position: Position; path: string; element: ElementRecord } | undefined {
    const index = this.elements();
    // Its end is known once the index has passed it.
    for (let i = index.firstFrom(parent.offset) + 1, r = index.get(i); r && r.offset < parent.end; r = index.get(++i)) {
      if (r.parent === parent && r.localName === localName) return { position: this.positionAt(r.offset), path: r.path, element: r };
    }
    return undefined;
  }

  /** The element whose start tag begins at this offset (its `<`). */
  elementAt(offset: number): ElementRecord | undefined {
    const index = this.elements();
    index.upTo(offset + 1);
    const record = index.records[index.firstFrom(offset)];
    return record?.offset === offset ? record : undefined;
  }

  /** Where the element ends, just past its end tag (indexing on to it: an element's end is known once the index has passed it). */
  endOf(element: ElementRecord): number {
    const index = this.elements();
    for (let i = index.firstFrom(element.offset); element.end === Infinity && index.get(i); i++);
    return element.end;
  }

  /** The element that directly contains this one. */
  parentOf(element: ElementRecord): ElementRecord | undefined {
    return element.parent;
  }

  private elements(): ElementIndex {
    this.index ??= new ElementIndex(this.text);
    return this.index;
  }
}
