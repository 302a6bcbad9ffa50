// editio: the script of the search page, and only there. It loads the index `editio build` made
// (assets/search-index.js, after assets/minisearch.js) and lists the units that hold every word
// asked for, each with a snippet and a link to the place. Without it the page says that search
// needs JavaScript and links to the contents.
(() => {
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-query');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const data = window.editioSearchIndex;
  if (!form || !input || !status || !list || typeof MiniSearch === 'undefined' || !data) return;

  // The folding the index was made with (foldTerm in src/site/search.ts): "Rios" finds "Ríos".
  const fold = (term) => term.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  // The words the index was made of (tokenize in src/site/search.ts): an ISO date is one word.
  const WORD = /\d{4}-\d{2}(?:-\d{2})?|[\p{L}\p{M}\p{Nd}]+/gu;
  const tokenize = (text) => text.match(WORD) ?? [];
  const index = MiniSearch.loadJS(data.index, { fields: data.fields, storeFields: data.storeFields, processTerm: fold, tokenize });
  const options = { tokenize, boost: { title: 3, names: 2, dates: 2 }, prefix: true, fuzzy: (term) => (term.length > 5 ? 0.2 : 0), combineWith: 'AND' };
  const SHOWN = 50;

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

  function search(query) {
    list.replaceChildren();
    if (!query.trim()) {
      status.textContent = '';
      return;
    }
    const results = index.search(query, options);
    list.append(...results.slice(0, SHOWN).map((result) => item(result, query)));
    const count = results.length === 1 ? '1 unit' : `${results.length} units`;
    status.textContent = results.length === 0 ? `Nothing found for “${query}”.`
      : `${count} found for “${query}”${results.length > SHOWN ? `; the first ${SHOWN} are shown` : ''}.`;
  }

  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 150);
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
