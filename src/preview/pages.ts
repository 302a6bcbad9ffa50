import type { LinkedUnit } from '../build.js';
import { buildDocument, layOutPage, unitLink } from '../corpus/document.js';
import { cutAround, outlineDocument, unitHolding, type DocumentOutline, type UnitCut } from '../load/volume.js';
import type { Link } from '../site/layout.js';
import type { UnitMetadata } from '../transform/metadata.js';
import { writeFileAtomic } from '../write/atomic.js';
import { KeptText } from './change.js';

/** What a save gave the preview. */
export type Saved =
  /** The page of the unit the edit fell in, written. */
  | { page: string; html: string; unit: string }
  /** The text is well-formed, and the page waits for the build, for this reason. */
  | { waits: string }
  /** Nothing changed since the last good text. */
  | { same: true }
  /** The preview cannot tell: check the whole text (an edit outside the units, in a start tag, or not well-formed). */
  | { check: true };

/**
 * The preview's quick way from a save to its page: the unit the edit fell in is cut out of the
 * document (load/volume.ts), transformed alone in this process, whose stylesheets and citation
 * engines stay warm, and laid out between the pages the last build put before and after it.
 * The build that follows makes everything else, and writes this page again only if its own
 * differs; `cutAround` says when it may, and then the page waits for the build.
 */
export class UnitPages {
  /** Each document's last good text, and its outline, made when first needed. */
  private readonly kept = new Map<string, { text: KeptText; outline?: DocumentOutline | null }>();
  private linked: Record<string, LinkedUnit[]> = {};

  constructor(private readonly options: { out: string; width?: number }) {}

  /** Each document's units in the order their pages link (from the last build). */
  link(units: Record<string, LinkedUnit[]>): void {
    this.linked = units;
  }

  /** A document's text, read and well-formed, and the bytes it was read from: the next save is compared with them. */
  keep(file: string, bytes: Buffer, text: string): void {
    this.kept.set(file, { text: new KeptText(bytes, text) });
  }

  forget(file: string): void {
    this.kept.delete(file);
  }

  /** Outline the texts kept since: work taken off the way from the next save to its page. */
  prepare(): void {
    for (const kept of this.kept.values()) {
      kept.outline ??= outlineDocument(kept.text.text) ?? null;
      kept.text.prepare();
    }
  }

  /** A save of `file`: its changed page made and written, when it can be alone. */
  async save(file: string, bytes: Buffer): Promise<Saved> {
    const kept = this.kept.get(file);
    const after = kept?.text.after(bytes);
    if (!kept || !after) return { check: true };
    const { text, edit } = after;
    if (!edit) return { same: true };
    const outline = (kept.outline ??= outlineDocument(kept.text.text) ?? null);
    const unit = outline ? unitHolding(outline, edit.start, edit.end) : undefined;
    const cut = outline && unit ? cutAround({ file, text: kept.text.text }, outline, unit, edit) : undefined;
    if (!cut || !unit) return { check: true };
    // The cut is well-formed, and so the whole text.
    this.keep(file, bytes, text);
    if (cut.differs) return { waits: cut.differs };
    const page = await this.pageOf(file, unit.id, cut);
    if (typeof page === 'string') return { waits: page };
    writeFileAtomic(page.path, page.html);
    return { page: page.path, html: page.html, unit: unit.id };
  }

  /**
   * Warm this process's stylesheets and citation engines, which load on first use (seconds): a
   * unit of a kept document transformed alone and let go, before the first save asks for a page.
   */
  async warm(): Promise<void> {
    for (const [file, kept] of this.kept) {
      const outline = (kept.outline ??= outlineDocument(kept.text.text) ?? null);
      const unit = outline?.units[0];
      const cut = outline && unit ? cutAround({ file, text: kept.text.text }, outline, unit, { start: unit.tagEnd, end: unit.tagEnd, text: '' }) : undefined;
      if (cut) return void (await buildDocument({ source: cut.source, out: this.options.out, rules: false, part: cut.context }));
    }
  }

  /** A unit's page from its cut, laid out between its neighbours; or why it cannot be made so. */
  private async pageOf(file: string, id: string, cut: UnitCut): Promise<{ path: string; html: string } | string> {
    const units = this.linked[file] ?? [];
    const at = units.findIndex((u) => u.id === id);
    if (at < 0) return 'the last build made no page of this unit from this file';
    const output = await buildDocument({ source: cut.source, out: this.options.out, rules: false, width: this.options.width, part: cut.context });
    const page = output.pages.find((p) => p.unit.id === id);
    if (!page || !output.metadata) return 'it could not be transformed alone';
    return { path: page.path, html: layOutPage(output.metadata, page, linksAround(units, at, page.unit)) };
  }
}

/**
 * A page's neighbours, as the build links them (PageChain): the pages before and after it in
 * its document, and its parent unit's page, or for an outermost unit the page of the text.
 */
export function linksAround(units: LinkedUnit[], at: number, unit: Pick<UnitMetadata, 'parent' | 'type'>): { parent?: Link; prev?: Link; next?: Link } {
  const before = units.slice(0, at);
  const parent = unit.parent !== undefined ? before.find((u) => u.id === unit.parent) : unit.type === 'text' ? undefined : before.findLast((u) => u.type === 'text');
  const link = (u: LinkedUnit | undefined) => (u ? unitLink(u) : undefined);
  return { parent: link(parent), prev: link(units[at - 1]), next: link(units[at + 1]) };
}
