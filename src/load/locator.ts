import { indexElements, type ElementRecord } from './elements.js';
import { LineIndex, type Position } from './position.js';

/**
 * Turns what the engines report (a node path from the rules, a line and an element
 * name from libxml2) into an exact line and column. Built lazily: a clean document
 * is never indexed.
 */
export class Locator {
  private lines?: LineIndex;
  private records?: ElementRecord[];
  private byPath?: Map<string, ElementRecord>;

  constructor(private readonly text: string) {}

  positionAt(offset: number): Position {
    this.lines ??= new LineIndex(this.text);
    return this.lines.positionAt(offset);
  }

  /** Position of the node a path names: an element's `<`, or an attribute's name. */
  locatePath(path: string): Position | undefined {
    this.byPath ??= new Map(this.elements().map((r) => [r.path, r]));
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
    const named = localName ? this.elements().filter((r) => r.localName === localName) : [];
    const record =
      named.find((r) => r.tagEnd - 1 >= start && r.tagEnd - 1 < end) ??
      named.find((r) => r.offset >= start && r.offset < end) ??
      named.find((r) => r.offset >= start); // a placeless message inherits the line of the one before
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

  /** Where the first child element of that name stands (libxml2 names a parent and its unexpected child). */
  locateChild(parent: ElementRecord, localName: string): { position: Position; path: string; element: ElementRecord } | undefined {
    const prefix = parent.path + '/';
    const child = this.elements().find((r) => r.localName === localName && r.path.startsWith(prefix) && !r.path.includes('/', prefix.length));
    return child && { position: this.positionAt(child.offset), path: child.path, element: child };
  }

  /** The element whose start tag begins at this offset (its `<`). */
  elementAt(offset: number): ElementRecord | undefined {
    const records = this.elements(); // in document order
    let [low, high] = [0, records.length - 1];
    while (low <= high) {
      const middle = (low + high) >> 1;
      const record = records[middle]!;
      if (record.offset === offset) return record;
      if (record.offset < offset) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** The element that directly contains this one. */
  parentOf(element: ElementRecord): ElementRecord | undefined {
    const parentPath = element.path.slice(0, element.path.lastIndexOf('/'));
    this.byPath ??= new Map(this.elements().map((r) => [r.path, r]));
    return this.byPath.get(parentPath);
  }

  private elements(): ElementRecord[] {
    this.records ??= indexElements(this.text);
    return this.records;
  }
}
