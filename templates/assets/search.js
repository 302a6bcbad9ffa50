// editio: the script of the search page, and only there. The index editio build made is split
// (src/site/search.ts): assets/search/index.js, loaded with the page, names the pieces, and a
// query loads only those it needs, as script files (so that search works from file:// and from any
// static host, under script-src 'self'): the postings of its words, then the text of each unit
// shown, for the snippet. MiniSearch (assets/minisearch.js) searches what was loaded, so the
// ranking is the one the whole index would give. Without JavaScript the page says that search
// needs it and links to the contents.
(() => {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-query');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const base = window.editioSearchIndex;
  if (!form || !input || !status || !list || typeof MiniSearch === 'undefined' || !base) return;

  // The folding the index was made with (foldTerm in src/site/search.ts): "Rios" finds "Ríos".
  const fold = (term) => term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  // The words the index was made of (tokenize in src/site/search.ts): an ISO date is one word.
  const WORD = /\d{4}-\d{2}(?:-\d{2})?|[\p{L}\p{M}\p{Nd}]+/gu;
  const tokenize = (text) => text.match(WORD) ?? [];
  // The last word may be the start of a word, from three letters on (fewer would load a good
  // part of the index); a long word without digits forgives a typo (forgivesTypo in src/site/search.ts).
  const isPrefix = (term, i, terms) => i === terms.length - 1 && term.length >= 3;
  const forgivesTypo = (term) => term.length > 5 && !/\p{Nd}/u.test(term);
  const TYPO = 0.2; // of the word's letters, rounded, as MiniSearch counts them (at most 6)
  const options = { tokenize, boost: { title: 3, names: 2, dates: 2 }, prefix: isPrefix, fuzzy: (term) => (forgivesTypo(term) ? TYPO : 0), combineWith: 'AND' };
  const SHOWN = 50;
  const AHEAD = 8; // texts loading at once: a browser opens six connections to a host

  // Each piece of the index is a script that hands its data to editioSearch.load(name, data); each is loaded once.
  const pieces = new Map();
  window.editioSearch = { load: (name, data) => pieces.get(name)?.arrived(data) };
  function load(name) {
    let piece = pieces.get(name);
    if (!piece) {
      piece = {};
      piece.data = new Promise((resolve, reject) => {
        piece.arrived = resolve;
        const script = document.createElement('script');
        script.src = `assets/search/${name}.js`;
        // Once the script has run, a piece that did not arrive is not one (resolve came first otherwise).
        script.onload = () => {
          script.remove();
          reject(new Error(`assets/search/${name}.js is not part of this index`));
        };
        script.onerror = () => {
          script.remove();
          pieces.delete(name);
          reject(new Error(`assets/search/${name}.js could not be loaded`));
        };
        document.head.append(script);
      });
      piece.data.catch(() => {}); // a search that no longer waits for it has nothing to report
      pieces.set(name, piece);
    }
    return piece.data;
  }

  const fieldIds = Object.fromEntries(base.fields.map((field, id) => [field, id]));
  const shards = base.shards;

  /** Shard `n` of the postings: [term, postings in compact form], in the order of the terms. */
  function shard(n) {
    return load(`terms/${n}`);
  }

  /** The shard that holds `term` if any does: the last whose first term is not after it (-1: none). */
  function shardOf(term) {
    let low = 0;
    let high = shards.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (shards[middle] <= term) low = middle + 1;
      else high = middle - 1;
    }
    return high;
  }

  /** Levenshtein's distance of a and b, or more than `most` once it is sure to exceed it. */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (Math.min(...next) > most) return most + 1;
      row = next;
    }
    return row[b.length];
  }

  // The files of long words: [key, first letter, least and most letters] (wordFiles in src/site/search.ts).
  const words = base.words.map((key) => [key, ...key.split('-').map((part, i) => parseInt(part, i === 0 ? 16 : 10))]);
  /** The long words of the index within a typo of `term` that start with its letter. */
  async function typos(term) {
    const most = Math.min(6, Math.round(term.length * TYPO));
    const letter = term.codePointAt(0);
    const keys = words.filter(([, first, least, longest]) => first === letter && least <= term.length + most && longest >= term.length - most).map(([key]) => key);
    const lists = await Promise.all(keys.map((key) => load(`words/${key}`)));
    return lists.flat().filter((word) => distance(term, word, most) <= most);
  }

  /**
   * The terms of the index that the i-th query word can match, with their postings: itself, the
   * words it is the start of (the last word), and those within a typo of it. Its shards load in
   * parallel, those of its typos once the long words of its letter have come.
   */
  async function matching(term, i, terms) {
    const prefix = isPrefix(term, i, terms);
    const first = shardOf(term);
    const numbers = first >= 0 ? [first] : [];
    if (prefix) for (let n = first + 1; n < shards.length && shards[n].startsWith(term); n++) numbers.push(n);
    const near = forgivesTypo(term)
      ? typos(term).then((found) => Promise.all(found.map(async (word) => (await shard(shardOf(word))).find(([t]) => t === word))))
      : [];
    const [close, ...loaded] = await Promise.all([near, ...numbers.map(shard)]);
    return [...loaded.flat().filter(([t]) => t === term || (prefix && t.startsWith(term))), ...close.filter(Boolean)];
  }

  /**
   * A term's postings as MiniSearch serialises them, from the compact form (encodePostings in
   * src/site/search.ts: `field=units;…`, each unit the step from the last, `.` the length of the
   * field there, `:count` when more than 1, in base 36); the lengths go to `fieldLength`. Read
   * character by character: a common word has thousands of units.
   */
  function postings(code, fieldLength) {
    const fields = {};
    let field;
    let units;
    let unit = 0;
    let number = 0;
    let step = 0;
    let length = 0;
    let part = 0; // reading the step (0), the length (1) or the count (2)
    let start = 0;
    for (let i = 0; i <= code.length; i++) {
      const c = i < code.length ? code.charCodeAt(i) : 59;
      if (c === 61) { // '=': the field's id ends, its units begin
        field = code.slice(start, i);
        units = fields[field] = {};
        unit = number = part = 0;
      } else if (c === 44 || c === 59) { // ',' ends a unit, ';' a field
        if (part === 1) length = number;
        unit += step;
        units[unit] = part === 2 ? number : 1;
        (fieldLength[unit] ??= [])[field] = length;
        number = part = 0;
        start = i + 1;
      } else if (c === 46) { // '.': the length follows
        step = number;
        number = 0;
        part = 1;
      } else if (c === 58) { // ':': the count follows
        length = number;
        number = 0;
        part = 2;
      } else {
        number = number * 36 + (c <= 57 ? c - 48 : c - 87);
      }
    }
    return fields;
  }

  /**
   * A MiniSearch index of just the terms the query can match and the units they stand in, with
   * the lengths of their fields, so that it scores as the whole index would.
   */
  async function indexFor(terms) {
    const found = new Map((await Promise.all(terms.map(matching))).flat());
    const fieldLength = {};
    const index = [...found.keys()].sort().map((term) => [term, postings(found.get(term), fieldLength)]);
    const documentIds = {};
    for (const unit of Object.keys(fieldLength)) documentIds[unit] = Number(unit);
    return MiniSearch.loadJS({
      documentCount: base.documentCount, nextId: base.documentCount, documentIds, fieldIds, fieldLength,
      averageFieldLength: base.averageFieldLength, storedFields: {}, dirtCount: 0, index, serializationVersion: 2,
    }, { fields: base.fields, processTerm: fold, tokenize });
  }

  document.getElementById('search-fallback')?.setAttribute('hidden', '');
  form.hidden = false;

  /**
   * Where the text first holds a word the search matched, taking the query's words in order
   * ("November 27, 1944": the first November), or nothing (a match in the names or dates only).
   */
  function firstHit(text, query, terms) {
    const words = [...text.matchAll(WORD)];
    const matched = [...terms];
    const wanted = [...tokenize(query).map((q) => matched.filter((t) => t.startsWith(fold(q)))), matched];
    for (const group of wanted) {
      const hit = words.find((match) => group.includes(fold(match[0])));
      if (hit) return hit;
    }
    return undefined;
  }

  /** Some 200 characters around the hit, cut at spaces, the matched words marked. */
  function snippet(text, at, terms) {
    let start = Math.max(0, at - 80);
    let end = Math.min(text.length, at + 160);
    if (start > 0) start = text.indexOf(' ', start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(' ', end) > at ? text.lastIndexOf(' ', end) : end;
    const part = text.slice(start, end).replace(/\s+/g, ' ');
    const p = document.createElement('p');
    p.className = 'result-snippet';
    let last = 0;
    for (const match of part.matchAll(WORD)) {
      if (!terms.has(fold(match[0]))) continue;
      p.append(part.slice(last, match.index));
      const mark = document.createElement('mark');
      mark.textContent = match[0];
      p.append(mark);
      last = match.index + match[0].length;
    }
    p.append(part.slice(last));
    if (start > 0) p.prepend('…');
    if (end < text.length) p.append('…');
    return p;
  }

  /** The link to the place: a text fragment of the hit's words (browsers without them open the page at the top). */
  function placeLink(href, text, hit) {
    if (!hit) return href;
    const words = hit[0] + /^(?: [\p{L}\p{M}\p{Nd}]+){0,3}/u.exec(text.slice(hit.index + hit[0].length))[0];
    return `${href}#:~:text=${encodeURIComponent(words).replace(/-/g, '%2D')}`;
  }

  /** The printed page the hit stands on, from the text edition's "[Page 171]" markers. */
  function pageOf(text, at) {
    const marker = text.lastIndexOf('[Page ', at);
    return marker < 0 ? undefined : /^\[Page ([^\]\s]+)\]/.exec(text.slice(marker))?.[1];
  }

  function item(result, query) {
    const terms = new Set(result.terms);
    const hit = firstHit(result.text, query, terms);
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'result-title';
    link.href = placeLink(result.href, result.text, hit);
    link.textContent = result.title;
    const where = document.createElement('span');
    where.className = 'result-where';
    const page = hit && pageOf(result.text, hit.index);
    where.textContent = page ? `${result.volume}, p. ${page}` : result.volume;
    li.append(link, where, snippet(result.text, hit ? hit.index : 0, terms));
    return li;
  }

  let latest = 0;
  /**
   * Search, then show the results in order as their texts arrive, and then say how many there
   * are. A search overtaken by a newer one (or by typing) shows nothing more.
   */
  async function search(query) {
    const asked = ++latest;
    const terms = tokenize(query).map(fold).filter(Boolean);
    if (!terms.length) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const index = await indexFor(terms);
      if (asked !== latest) return;
      // Equal scores in the contents' order.
      const results = index.search(query, options).sort((a, b) => b.score - a.score || a.id - b.id);
      // The texts of the results shown, a few ahead of the one shown next, so that the first come first.
      const wanted = results.slice(0, SHOWN);
      const units = [];
      const ahead = (n) => {
        while (units.length < Math.min(n + AHEAD, wanted.length)) units.push(load(`units/${wanted[units.length].id}`));
      };
      if (!wanted.length) list.replaceChildren();
      for (let n = 0; n < wanted.length; n++) {
        ahead(n);
        const shown = item({ ...wanted[n], ...(await units[n]) }, query);
        if (asked !== latest) return;
        if (n === 0) list.replaceChildren(shown);
        else list.append(shown);
      }
      const count = results.length === 1 ? '1 unit' : `${results.length} units`;
      status.textContent = results.length === 0 ? `Nothing found for “${query}”.`
        : `${count} found for “${query}”${results.length > SHOWN ? `; the first ${SHOWN} are shown` : ''}.`;
    } catch (error) {
      if (asked !== latest) return;
      list.replaceChildren();
      status.textContent = `The search index could not be read: ${error.message}.`;
    }
  }

  let timer;
  input.addEventListener('input', () => {
    latest++; // what an earlier search has still to show is no longer wanted
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 100);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
    try {
      history.replaceState(null, '', `?q=${encodeURIComponent(input.value)}`);
    } catch {
      // file:// may refuse; the search still shows
    }
  });

  // A search given in the address (search.html?q=Galo+Plaza) runs at once.
  const asked = new URLSearchParams(location.search).get('q');
  if (asked) {
    input.value = asked;
    search(asked);
  }
})();
