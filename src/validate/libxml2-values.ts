/**
 * Datatype values libxml2 surely accepts, for the derivative engine's verdict to stand for its
 * (schema.ts). salve's XSD datatypes, which the derivative engine uses, accept some values that
 * libxml2 refuses: URIs its URI parser cannot read ("[", ":a", a port that is not a number or
 * has more digits than it counts) and dateTimes of the year 0000 or of more than four digits.
 * The types below were compared value by value with libxml2 (test/schema-engines.test.ts);
 * any other (xsd:ID, whose uniqueness libxml2 checks, xsd:date, xsd:QName…) is left to libxml2,
 * which then reads the document as before.
 */
export function libxml2Accepts(type: string, text: string): boolean {
  if (type === 'anyURI') return URI_REFERENCE.test(text.trim().replace(LIBXML2_ESCAPED, '_'));
  if (type === 'dateTime') return /^\s*(?!0000)[0-9]{4}-/.test(text);
  return AGREED.has(type);
}

/** Types whose values both engines judge alike. */
const AGREED = new Set(['string', 'token', 'NMTOKEN', 'NMTOKENS', 'NCName', 'language', 'decimal', 'nonNegativeInteger', 'positiveInteger']);

/** What libxml2 turns into '_' before it parses an anyURI (controls, spaces, non-ASCII, and <>"{}|\^`). */
const LIBXML2_ESCAPED = /[\u0000-\u0020\u007F-\u{10FFFF}<>"{}|\\^`]/gu;

/** RFC 3986's URI-reference, with a port of one to five digits (libxml2 wants digits, and counts only so many). */
const URI_REFERENCE = (() => {
  const pct = '%[0-9A-Fa-f]{2}';
  const unreserved = "A-Za-z0-9\\-._~!$&'()*+,;=";
  const pchar = `(?:[${unreserved}:@]|${pct})`;
  const segmentNoColon = `(?:[${unreserved}@]|${pct})+`;
  const host = `(?:(?:[${unreserved}]|${pct})*|\\[[0-9A-Fa-f:.]+\\]|\\[v[0-9A-Fa-f]+\\.[${unreserved}:]+\\])`;
  const authority = `(?:(?:[${unreserved}:]|${pct})*@)?${host}(?::[0-9]{1,5})?`;
  const tail = `(?:\\?(?:${pchar}|[/?])*)?(?:#(?:${pchar}|[/?])*)?`;
  const absolute = `[A-Za-z][A-Za-z0-9+.\\-]*:(?://${authority}(?:/${pchar}*)*|/(?:${pchar}+(?:/${pchar}*)*)?|${pchar}+(?:/${pchar}*)*)?`;
  const relative = `(?://${authority}(?:/${pchar}*)*|/(?:${pchar}+(?:/${pchar}*)*)?|${segmentNoColon}(?:/${pchar}*)*)?`;
  return new RegExp(`^(?:${absolute}|${relative})${tail}$`);
})();
