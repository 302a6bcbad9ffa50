// What an editor does in a save, for the preview's benchmark (bench/preview.mjs) and its tests
// (test/preview.test.ts): a word, a footnote, a new person reference, a page break, each put
// into the first paragraph of a document of the generated volume (bench/volume.mjs).

/** The authority record the person references point to, in the volume's standOff. */
const RECORDS = `<standOff>
<listPerson>
<person xml:id="hull-cordell"><persName><forename>Cordell</forename> <surname>Hull</surname></persName><birth when="1871"/><death when="1955"/><occupation notBefore="1933-03-04" notAfter="1944-11-30">Secretary of State</occupation></person>
</listPerson>
</standOff>`;

/** The volume with the records the edits point to. */
export function withRecords(text) {
  return text.replace('</teiHeader>', `</teiHeader>\n${RECORDS}`);
}

/** Where the first paragraph of a unit opens its text: just past its start tag. */
function firstParagraph(text, unit) {
  const start = text.indexOf(`xml:id="${unit}"`);
  if (start < 0) throw new Error(`no unit ${unit}`);
  const p = /<p(\s[^>]*)?>/g;
  p.lastIndex = start;
  const found = p.exec(text);
  if (!found) throw new Error(`no paragraph in ${unit}`);
  return found.index + found[0].length;
}

function insert(text, at, what) {
  return text.slice(0, at) + what + text.slice(at);
}

/** Each edit: the text after it, given the text, a unit's xml:id and a number that makes it unique. */
export const EDITS = {
  word: (text, unit, n) => insert(text, firstParagraph(text, unit), `Edited${n} `),
  note: (text, unit, n) => insert(text, firstParagraph(text, unit), `<note n="${90 + n}" xml:id="${unit}-added-fn${n}">A note added in save ${n}.</note>`),
  person: (text, unit, n) => insert(text, firstParagraph(text, unit), `<persName ref="#hull-cordell">Secretary Hull</persName> (save ${n}) `),
  'page break': (text, unit, n) => insert(text, firstParagraph(text, unit), `<pb n="added${n}" xml:id="${unit}-added-pg${n}"/>`),
};

/** The text an edit puts on its unit's page, to wait for. */
export function marker(kind, n) {
  return { word: `Edited${n}`, note: `A note added in save ${n}.`, person: `(save ${n})`, 'page break': `[Page added${n}]` }[kind];
}
