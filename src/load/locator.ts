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
   * The element libxml2 means by "line N, element NAME": the first start tag of that name
   * on that line (libxml2 gives no column), or the attribute of it when one is named.
   */
  locateOnLine(line: number, localName?: string, attribute?: string): { position: Position; path?: string } {
    this.lines ??= new LineIndex(this.text);
    const start = this.lines.lineStart(line);
    const end = this.lines.lineStart(line + 1);
    const record = localName ? this.elements().find((r) => r.offset >= start && r.offset < end && r.localName === localName) : undefined;
    if (!record) {
      const firstNonSpace = this.text.slice(start, end).search(/\S/);
      return { position: { line, column: firstNonSpace === -1 ? 1 : firstNonSpace + 1 } };
    }
    const attributeOffset = attribute ? [...record.attributes].find(([step]) => step === `@${attribute}` || step.endsWith(`}${attribute}`))?.[1] : undefined;
    return { position: this.positionAt(attributeOffset ?? record.offset), path: attributeOffset === undefined ? record.path : `${record.path}/@${attribute}` };
  }

  private elements(): ElementRecord[] {
    this.records ??= indexElements(this.text);
    return this.records;
  }
}
