/**
 * What a critical edition should read like, worked out from the TEI with fast-xml-parser,
 * independently of the XSLT under test: each witness's text, the reading text, and the lines
 * of the apparatus. It follows the conventions the README states (a lemma without @wit stands
 * for the witnesses no reading names; corrections print "sic [corr]"; supplied text in
 * brackets; "[illegible: 2 words]"; "word[?]"; superfluous text in braces; deletions left out
 * of the reading text), for the elements the test fixtures use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { fixtures } from './helpers.js';

export const CRITICAL = join(fixtures, 'critical', 'monroe-1823.xml');

type Node = Record<string, unknown>;
const nameOf = (n: Node) => Object.keys(n).find((k) => k !== ':@')!;
const attr = (n: Node, name: string) => (n[':@'] as Record<string, string> | undefined)?.[`@_${name}`];
const children = (n: Node) => (n[nameOf(n)] as Node[]) ?? [];
const elements = (nodes: Node[], name?: string) => nodes.filter((c) => nameOf(c) !== '#text' && (!name || nameOf(c) === name));
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function descendants(nodes: Node[], name: string, out: Node[] = []): Node[] {
  for (const node of nodes) {
    if (nameOf(node) === '#text') continue;
    if (nameOf(node) === name) out.push(node);
    descendants(children(node), name, out);
  }
  return out;
}

export interface Witness {
  id: string;
  siglum: string;
  description: string;
}

export class Edition {
  readonly witnesses: Witness[];
  private readonly tree: Node[];
  private readonly noLemma: boolean;
  private readonly names = new Map<string, string>();

  constructor(file: string) {
    const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, trimValues: false, parseTagValue: false, processEntities: true, htmlEntities: false });
    this.tree = parser.parse(readFileSync(file, 'utf8')) as Node[];
    this.witnesses = descendants(this.tree, 'witness').map((w) => {
      const abbr = elements(children(w), 'abbr').find((a) => attr(a, 'type') === 'siglum');
      const rest = children(w).filter((c) => c !== abbr);
      return { id: attr(w, 'xml:id')!, siglum: squash(abbr ? this.plain([abbr]) : attr(w, 'n') ?? attr(w, 'xml:id')!), description: squash(this.plain(rest)) };
    });
    this.noLemma = descendants(this.tree, 'variantEncoding').some((v) => attr(v, 'n') === 'no-lemma');
    for (const r of descendants(this.tree, 'respStmt')) this.names.set(attr(r, 'xml:id')!, squash(this.plain(elements(children(r), 'name'))));
  }

  /** The apparatus entries, in document order. */
  get apps(): Node[] {
    return descendants(this.body(), 'app');
  }

  /** The paragraphs of the text (the heading and the paragraphs) for a reading: 'lem' or a witness id. */
  paragraphs(reading: string): string[] {
    return elements(children(descendants(this.body(), 'div')[0]!)).map((block) => squash(this.text(children(block), reading)));
  }

  /** The text edition's text: paragraphs separated by blank lines. */
  text(reading: string): string;
  text(nodes: Node[], reading: string): string;
  text(a: string | Node[], b?: string): string {
    if (typeof a === 'string') return this.paragraphs(a).join('\n\n') + '\n';
    return a.map((node) => this.node(node, b!)).join('');
  }

  /** The apparatus lines of the text edition: "  (3) residing here] om. B". */
  apparatusLines(): string[] {
    return this.apps.map((app, i) => `  (${i + 1}) ${this.entry(app)}`);
  }

  /** One entry: "lemma A] reading B; om. C (homeoteleuton) — note". */
  entry(app: Node): string {
    const base = this.base(app);
    const lemma = squash(this.text(children(base), 'lem'));
    const lemmaPart = lemma ? `${lemma}${this.sigla(attr(base, 'wit') ? this.readingWitnesses(base, app) : [])}${this.qualifiers(base, false)}]` : '';
    const variants = this.readings(app)
      .filter((r) => r !== base)
      .map((r) => {
        const text = squash(this.text(children(r), 'lem'));
        const transposed = attr(r, 'type') === 'transposition' || attr(r, 'cause') === 'transposition';
        const kind = transposed ? 'transp.' : !text && descendants(children(r), 'gap').length === 0 ? 'om.' : !lemma ? 'add.' : '';
        return [kind, kind === 'om.' ? '' : text].filter(Boolean).join(' ') + this.sigla(this.readingWitnesses(r, app)) + this.qualifiers(r, true);
      });
    const notes = elements(children(app), 'note').map((n) => ` — ${squash(this.plain(children(n)))}`);
    return [lemmaPart, variants.join('; ')].filter(Boolean).join(' ') + notes.join('');
  }

  /** The witness ids a reading stands for. */
  readingWitnesses(reading: Node, app: Node): string[] {
    const wit = attr(reading, 'wit');
    if (wit) return wit.trim().split(/\s+/).map((t) => t.replace(/^#/, ''));
    if (nameOf(reading) !== 'lem') return [];
    const others = this.readings(app).filter((r) => r !== reading).flatMap((r) => (attr(r, 'wit') ?? '').trim().split(/\s+/).filter(Boolean).map((t) => t.replace(/^#/, '')));
    return this.witnesses.map((w) => w.id).filter((id) => !others.includes(id));
  }

  readings(app: Node): Node[] {
    return elements(children(app)).flatMap((c) => (nameOf(c) === 'rdgGrp' ? elements(children(c)) : ['lem', 'rdg'].includes(nameOf(c)) ? [c] : []));
  }

  private base(app: Node): Node {
    const readings = this.readings(app);
    const first = this.witnesses[0]!.id;
    return readings.find((r) => nameOf(r) === 'lem') ?? (this.noLemma ? readings.find((r) => this.readingWitnesses(r, app).includes(first)) : undefined) ?? readings[0]!;
  }

  private chosen(app: Node, reading: string): Node {
    if (reading === 'lem') return this.base(app);
    return this.readings(app).find((r) => this.readingWitnesses(r, app).includes(reading)) ?? this.base(app);
  }

  private sigla(ids: string[]): string {
    return ids.map((id) => ' ' + (this.witnesses.find((w) => w.id === id)?.siglum ?? id)).join('');
  }

  /** "(homeoteleuton)", "(by the editio project; certainty: low)". */
  private qualifiers(reading: Node, withCause: boolean): string {
    const cause = withCause ? attr(reading, 'cause') : undefined;
    const resp = attr(reading, 'resp')?.trim().split(/\s+/).map((p) => this.names.get(p.replace(/^#/, '')) ?? p);
    const cert = attr(reading, 'cert');
    const responsibility = [resp ? `by ${resp.join(', ')}` : '', cert ? `certainty: ${cert}` : ''].filter(Boolean).join('; ');
    return [cause && cause !== 'transposition' ? cause : '', responsibility].filter(Boolean).map((q) => ` (${q})`).join('');
  }

  private body(): Node[] {
    return children(descendants(this.tree, 'body')[0]!);
  }

  private plain(nodes: Node[]): string {
    return nodes.map((n) => (nameOf(n) === '#text' ? String(n['#text']) : this.plain(children(n)))).join('');
  }

  private node(node: Node, reading: string): string {
    const name = nameOf(node);
    const inner = () => this.text(children(node), reading);
    switch (name) {
      case '#text':
        return String(node['#text']);
      case 'app':
        return this.text(children(this.chosen(node, reading)), reading);
      case 'note':
      case 'del':
        return '';
      case 'choice': {
        const parts = elements(children(node));
        const sic = parts.find((p) => nameOf(p) === 'sic');
        const corr = parts.find((p) => nameOf(p) === 'corr');
        if (sic && corr) return `${this.text(children(sic), reading)} [${this.text(children(corr), reading)}]`;
        const shown = ['corr', 'reg', 'expan'].map((n) => parts.find((p) => nameOf(p) === n)).find(Boolean) ?? parts[0]!;
        return this.text(children(shown), reading);
      }
      case 'gap': {
        if (attr(node, 'reason') !== 'illegible') return '[…]';
        const quantity = attr(node, 'quantity');
        const unit = attr(node, 'unit') ?? '';
        const extent = attr(node, 'extent') ?? (quantity ? `${quantity} ${unit}${quantity !== '1' && unit && !unit.endsWith('s') ? 's' : ''}` : '');
        return extent ? `[illegible: ${extent.trim()}]` : '[illegible]';
      }
      case 'unclear':
        return `${inner()}[?]`;
      case 'supplied':
        return `[${inner()}]`;
      case 'surplus':
        return `{${inner()}}`;
      default:
        return inner();
    }
  }
}
