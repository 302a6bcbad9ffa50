/**
 * RelaxNG patterns and their derivatives: James Clark's algorithm ("An algorithm for RELAX NG
 * validation", 2002), the one jing uses. The state of a validation is one pattern; each start
 * tag, attribute, text and end tag turns it into its derivative. Patterns are interned (one
 * object per structure), so a derivative, once computed, is remembered on the pattern and the
 * next element in the same state costs a map look-up: validation runs at the speed of parsing.
 */

export const enum Kind { NotAllowed, Empty, Text, Choice, Group, Interleave, OneOrMore, List, Data, Value, Attribute, Element, After }

/** A name: namespace and local part, with a small number to key memos by. */
export interface QName {
  ns: string;
  local: string;
  id: number;
}

export interface NameClass {
  contains(name: QName): boolean;
  /** Names an editor can read, for "expected ..." messages: `undefined` for a wildcard. */
  names(): QName[] | undefined;
  /** A wildcard in words: "any name outside http://www.tei-c.org/ns/1.0". */
  describe(): string;
}

/** What decides a data or value pattern: a datatype test on the text. */
export interface ValueTest {
  accepts(text: string): boolean;
  /** For messages: "a date", `"open" or "closed"`. */
  describe(): string;
}

/** Derivatives that depend on a value (an attribute's, a text's) remember one result per outcome of its tests. */
interface ValueMemo {
  tests: Pattern[];
  results: Map<string, Pattern>;
}

export class Pattern {
  nullable: boolean;
  /** Choice: the alternatives, sorted by id, none a choice. */
  alternatives: Pattern[] = [];
  content?: Pattern;
  startTagOpenMemo?: Map<number, Pattern>;
  attributeMemo?: Map<number, ValueMemo>;
  textMemo?: ValueMemo;
  closeMemo?: Pattern;
  closeRecoveredMemo?: Pattern;
  endMemo?: Pattern;
  valueMatches?: Map<string, boolean>;

  constructor(
    readonly kind: Kind,
    readonly id: number,
    readonly a?: Pattern,
    readonly b?: Pattern,
    readonly nameClass?: NameClass,
    readonly test?: ValueTest,
    /** Element: its content, made when first needed (the grammar is recursive). */
    private readonly makeContent?: () => Pattern,
  ) {
    this.nullable = nullableOf(kind, a, b);
  }

  /** An element's content pattern. */
  get body(): Pattern {
    return (this.content ??= this.makeContent!());
  }
}

function nullableOf(kind: Kind, a?: Pattern, b?: Pattern): boolean {
  switch (kind) {
    case Kind.Empty:
    case Kind.Text:
      return true;
    case Kind.Group:
    case Kind.Interleave:
      return a!.nullable && b!.nullable;
    case Kind.OneOrMore:
      return a!.nullable;
    default:
      return false; // Choice is set by its maker
  }
}

/**
 * The patterns of one schema: every combinator made through here, so that equal structures are
 * the same object. `limit` bounds how many patterns may exist (a pathological schema and
 * document can make the states grow without end): past it, `make` throws PatternLimitError.
 */
export class Patterns {
  private readonly interned = new Map<string, Pattern>();
  private nextId = 0;
  readonly notAllowed: Pattern;
  readonly empty: Pattern;
  readonly text: Pattern;

  constructor(private readonly limit = Infinity) {
    this.notAllowed = this.leaf(Kind.NotAllowed);
    this.empty = this.leaf(Kind.Empty);
    this.text = this.leaf(Kind.Text);
  }

  get count(): number {
    return this.nextId;
  }

  private newId(): number {
    if (this.nextId >= this.limit) throw new PatternLimitError(this.limit);
    return this.nextId++;
  }

  private leaf(kind: Kind): Pattern {
    return new Pattern(kind, this.newId());
  }

  private intern(kind: Kind, a: Pattern, b?: Pattern): Pattern {
    const key = b ? `${kind}:${a.id}:${b.id}` : `${kind}:${a.id}`;
    let p = this.interned.get(key);
    if (!p) this.interned.set(key, (p = new Pattern(kind, this.newId(), a, b)));
    return p;
  }

  // The schema's leaves: each is its own object.
  element(nameClass: NameClass, content: () => Pattern): Pattern {
    return new Pattern(Kind.Element, this.newId(), undefined, undefined, nameClass, undefined, content);
  }
  attribute(nameClass: NameClass, value: Pattern): Pattern {
    return new Pattern(Kind.Attribute, this.newId(), value, undefined, nameClass);
  }
  data(test: ValueTest): Pattern {
    return new Pattern(Kind.Data, this.newId(), undefined, undefined, undefined, test);
  }
  value(test: ValueTest): Pattern {
    return new Pattern(Kind.Value, this.newId(), undefined, undefined, undefined, test);
  }
  list(p: Pattern): Pattern {
    return p === this.notAllowed ? p : this.intern(Kind.List, p);
  }

  choice(...patterns: Pattern[]): Pattern {
    const set = new Set<Pattern>();
    for (const p of patterns) {
      if (p.kind === Kind.Choice) for (const q of p.alternatives) set.add(q);
      else if (p.kind !== Kind.NotAllowed) set.add(p);
    }
    if (set.size === 0) return this.notAllowed;
    if (set.size === 1) return set.values().next().value!;
    const alternatives = [...set].sort((x, y) => x.id - y.id);
    const key = `c:${alternatives.map((p) => p.id).join(',')}`;
    let p = this.interned.get(key);
    if (!p) {
      p = new Pattern(Kind.Choice, this.newId());
      p.alternatives = alternatives;
      p.nullable = alternatives.some((q) => q.nullable);
      this.interned.set(key, p);
    }
    return p;
  }

  group(a: Pattern, b: Pattern): Pattern {
    if (a.kind === Kind.NotAllowed || b.kind === Kind.NotAllowed) return this.notAllowed;
    if (a.kind === Kind.Empty) return b;
    if (b.kind === Kind.Empty) return a;
    return this.intern(Kind.Group, a, b);
  }

  interleave(a: Pattern, b: Pattern): Pattern {
    if (a.kind === Kind.NotAllowed || b.kind === Kind.NotAllowed) return this.notAllowed;
    if (a.kind === Kind.Empty) return b;
    if (b.kind === Kind.Empty) return a;
    return a.id < b.id ? this.intern(Kind.Interleave, a, b) : this.intern(Kind.Interleave, b, a);
  }

  oneOrMore(p: Pattern): Pattern {
    if (p.kind === Kind.NotAllowed || p.kind === Kind.Empty) return p;
    return this.intern(Kind.OneOrMore, p);
  }

  after(a: Pattern, b: Pattern): Pattern {
    if (a.kind === Kind.NotAllowed || b.kind === Kind.NotAllowed) return this.notAllowed;
    return this.intern(Kind.After, a, b);
  }

  /** Replace the continuation of every `after` in p by f(continuation). */
  private applyAfter(f: (p: Pattern) => Pattern, p: Pattern): Pattern {
    switch (p.kind) {
      case Kind.After:
        return this.after(p.a!, f(p.b!));
      case Kind.Choice:
        return this.choice(...p.alternatives.map((q) => this.applyAfter(f, q)));
      default:
        return this.notAllowed;
    }
  }

  /** A start tag `<name`: the element's content, followed (`after`) by what may come after it. */
  startTagOpen(p: Pattern, name: QName): Pattern {
    const memo = (p.startTagOpenMemo ??= new Map());
    let result = memo.get(name.id);
    if (result === undefined) memo.set(name.id, (result = this.computeStartTagOpen(p, name)));
    return result;
  }

  private computeStartTagOpen(p: Pattern, name: QName): Pattern {
    switch (p.kind) {
      case Kind.Choice:
        return this.choice(...p.alternatives.map((q) => this.startTagOpen(q, name)));
      case Kind.Element:
        return p.nameClass!.contains(name) ? this.after(p.body, this.empty) : this.notAllowed;
      case Kind.Interleave: {
        const [a, b] = [p.a!, p.b!];
        return this.choice(
          this.applyAfter((x) => this.interleave(x, b), this.startTagOpen(a, name)),
          this.applyAfter((x) => this.interleave(a, x), this.startTagOpen(b, name)),
        );
      }
      case Kind.OneOrMore: {
        const more = this.choice(p, this.empty);
        return this.applyAfter((x) => this.group(x, more), this.startTagOpen(p.a!, name));
      }
      case Kind.Group: {
        const b = p.b!;
        const first = this.applyAfter((x) => this.group(x, b), this.startTagOpen(p.a!, name));
        return p.a!.nullable ? this.choice(first, this.startTagOpen(b, name)) : first;
      }
      case Kind.After: {
        const b = p.b!;
        return this.applyAfter((x) => this.after(x, b), this.startTagOpen(p.a!, name));
      }
      default:
        return this.notAllowed;
    }
  }

  /** An attribute: remembered per name and per outcome of the value tests it takes. */
  afterAttribute(p: Pattern, name: QName, value: string): Pattern {
    const memos = (p.attributeMemo ??= new Map<number, ValueMemo>());
    let memo = memos.get(name.id);
    if (!memo) {
      const tests: Pattern[] = [];
      collectAttributeTests(p, name, tests);
      memos.set(name.id, (memo = { tests, results: new Map() }));
    }
    const outcome = memo.tests.map((t) => (this.valueMatches(t, value) ? '1' : '0')).join('');
    let result = memo.results.get(outcome);
    if (result === undefined) memo.results.set(outcome, (result = this.computeAttribute(p, name, value)));
    return result;
  }

  /** An attribute whose value was found wrong (and reported): taken as if its value were right. */
  afterAttributeForgiving(p: Pattern, name: QName): Pattern {
    return this.computeAttribute(p, name, undefined);
  }

  /** `value` undefined: any value matches. */
  private computeAttribute(p: Pattern, name: QName, value: string | undefined): Pattern {
    switch (p.kind) {
      case Kind.After:
        return this.after(this.computeAttribute(p.a!, name, value), p.b!);
      case Kind.Choice:
        return this.choice(...p.alternatives.map((q) => this.computeAttribute(q, name, value)));
      case Kind.Group:
        return this.choice(this.group(this.computeAttribute(p.a!, name, value), p.b!), this.group(p.a!, this.computeAttribute(p.b!, name, value)));
      case Kind.Interleave:
        return this.choice(this.interleave(this.computeAttribute(p.a!, name, value), p.b!), this.interleave(p.a!, this.computeAttribute(p.b!, name, value)));
      case Kind.OneOrMore:
        return this.group(this.computeAttribute(p.a!, name, value), this.choice(p, this.empty));
      case Kind.Attribute:
        return p.nameClass!.contains(name) && (value === undefined || this.valueMatches(p.a!, value)) ? this.empty : this.notAllowed;
      default:
        return this.notAllowed;
    }
  }

  /** Whether an attribute's (or a list token's) value matches a value pattern. */
  valueMatches(p: Pattern, value: string): boolean {
    const memo = (p.valueMatches ??= new Map());
    let result = memo.get(value);
    if (result === undefined) {
      result = (p.nullable && isWhitespace(value)) || this.afterText(p, value).nullable;
      if (memo.size < 10_000) memo.set(value, result); // identifiers are many and rarely repeat
    }
    return result;
  }

  /** A run of text: remembered per outcome of the datatype tests it takes (none, in mixed content). */
  afterText(p: Pattern, text: string): Pattern {
    let memo = p.textMemo;
    if (!memo) {
      memo = p.textMemo = { tests: textTests(p), results: new Map() };
    }
    const outcome = memo.tests.map((t) => (this.accepts(t, text) ? '1' : '0')).join('');
    let result = memo.results.get(outcome);
    if (result === undefined) memo.results.set(outcome, (result = this.computeText(p, text)));
    return result;
  }

  private computeText(p: Pattern, text: string): Pattern {
    switch (p.kind) {
      case Kind.Choice:
        return this.choice(...p.alternatives.map((q) => this.computeText(q, text)));
      case Kind.Interleave:
        return this.choice(this.interleave(this.computeText(p.a!, text), p.b!), this.interleave(p.a!, this.computeText(p.b!, text)));
      case Kind.Group: {
        const first = this.group(this.computeText(p.a!, text), p.b!);
        return p.a!.nullable ? this.choice(first, this.computeText(p.b!, text)) : first;
      }
      case Kind.After:
        return this.after(this.computeText(p.a!, text), p.b!);
      case Kind.OneOrMore:
        return this.group(this.computeText(p.a!, text), this.choice(p, this.empty));
      case Kind.Text:
        return p;
      case Kind.Data:
      case Kind.Value:
      case Kind.List:
        return this.accepts(p, text) ? this.empty : this.notAllowed;
      default:
        return this.notAllowed;
    }
  }

  /** A data, value or list pattern's verdict on a text. */
  private accepts(p: Pattern, text: string): boolean {
    if (p.kind === Kind.List) {
      let state = p.a!;
      for (const token of text.split(/[ \t\r\n]+/)) {
        if (token) state = this.computeText(state, token);
      }
      return state.nullable;
    }
    return p.test!.accepts(text);
  }

  /** The end of a start tag: every attribute the pattern still requires is missing. */
  startTagClose(p: Pattern): Pattern {
    return (p.closeMemo ??= this.computeClose(p, false));
  }

  /** The same, with missing attributes forgiven (after they are reported). */
  startTagCloseForgiving(p: Pattern): Pattern {
    return (p.closeRecoveredMemo ??= this.computeClose(p, true));
  }

  private computeClose(p: Pattern, forgive: boolean): Pattern {
    const close = (q: Pattern) => (forgive ? this.startTagCloseForgiving(q) : this.startTagClose(q));
    switch (p.kind) {
      case Kind.After:
        return this.after(close(p.a!), p.b!);
      case Kind.Choice:
        return this.choice(...p.alternatives.map(close));
      case Kind.Group:
        return this.group(close(p.a!), close(p.b!));
      case Kind.Interleave:
        return this.interleave(close(p.a!), close(p.b!));
      case Kind.OneOrMore:
        return this.oneOrMore(close(p.a!));
      case Kind.Attribute:
        return forgive ? this.empty : this.notAllowed;
      default:
        return p;
    }
  }

  /** An end tag: what may follow the element, if its content is complete. */
  endTag(p: Pattern): Pattern {
    if (p.endMemo) return p.endMemo;
    let result: Pattern;
    if (p.kind === Kind.Choice) result = this.choice(...p.alternatives.map((q) => this.endTag(q)));
    else if (p.kind === Kind.After) result = p.a!.nullable ? p.b! : this.notAllowed;
    else result = this.notAllowed;
    return (p.endMemo = result);
  }

  /** An end tag of an element left incomplete (reported): what may follow it all the same. */
  endTagForgiving(p: Pattern): Pattern {
    if (p.kind === Kind.Choice) return this.choice(...p.alternatives.map((q) => this.endTagForgiving(q)));
    return p.kind === Kind.After ? p.b! : this.notAllowed;
  }
}

export class PatternLimitError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} grammar states`);
  }
}

function collectAttributeTests(p: Pattern, name: QName, tests: Pattern[]): void {
  switch (p.kind) {
    case Kind.After:
      return collectAttributeTests(p.a!, name, tests);
    case Kind.Choice:
      return p.alternatives.forEach((q) => collectAttributeTests(q, name, tests));
    case Kind.Group:
    case Kind.Interleave:
      collectAttributeTests(p.a!, name, tests);
      return collectAttributeTests(p.b!, name, tests);
    case Kind.OneOrMore:
      return collectAttributeTests(p.a!, name, tests);
    case Kind.Attribute:
      if (p.nameClass!.contains(name) && !tests.includes(p.a!)) tests.push(p.a!);
  }
}

/** What may come first in p: its element patterns, and its text patterns (text, data, value, list). */
export function firsts(p: Pattern): { elements: Pattern[]; texts: Pattern[] } {
  const found = { elements: new Set<Pattern>(), texts: new Set<Pattern>() };
  const seen = new Set<Pattern>();
  const walk = (q: Pattern): void => {
    if (seen.has(q)) return;
    seen.add(q);
    switch (q.kind) {
      case Kind.Choice:
        return q.alternatives.forEach(walk);
      case Kind.Group:
        walk(q.a!);
        if (q.a!.nullable) walk(q.b!);
        return;
      case Kind.Interleave:
        walk(q.a!);
        return walk(q.b!);
      case Kind.OneOrMore:
      case Kind.After:
        return walk(q.a!);
      case Kind.Element:
        found.elements.add(q);
        return;
      case Kind.Text:
      case Kind.Data:
      case Kind.Value:
      case Kind.List:
        found.texts.add(q);
    }
  };
  walk(p);
  return { elements: [...found.elements], texts: [...found.texts] };
}

/** The data, value and list patterns a text in p is tested against. */
export function textTests(p: Pattern): Pattern[] {
  return firsts(p).texts.filter((t) => t.kind !== Kind.Text);
}

export function isWhitespace(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}
