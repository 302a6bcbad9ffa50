import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isRealDate } from './calendar.js';

/**
 * Decimal file numbers of the State Department's Central Decimal File ("711.61/950",
 * "861.01/11–2144"), and the numbers print abbreviates after them ("2244" after
 * "861.01/11–2144": 861.01/11–2244). The grammar is the one the rule `file-number` checks,
 * read from schemas/editio.sch, so that what is proposed is what validation accepts.
 */
export interface FileMention {
  from: number;
  to: number;
  /** The full number. */
  number: string;
  /** Set when print abbreviates the number: the full number goes in @n. */
  abbreviated: boolean;
  confidence: number;
  evidence: string;
}

const RULES = fileURLToPath(new URL('../../schemas/editio.sch', import.meta.url));

interface Grammar {
  /** A whole number, anchored. */
  whole: RegExp;
  /** Numbers within text. */
  inText: RegExp;
  /** What follows a number in a list, and an abbreviated number. */
  following: RegExp;
}

let grammar: Grammar | undefined;

/** The grammar of rule file-number (the XPath regular expression of e:file-number), for JavaScript. */
export function fileGrammar(): Grammar {
  if (grammar) return grammar;
  const rules = readFileSync(RULES, 'utf8');
  const declared = /<xsl:variable name="e:file-number" select="'([^']+)'"\/>/.exec(rules)?.[1];
  if (!declared || !declared.startsWith('^') || !declared.endsWith('$') || declared.split('/').length !== 2) {
    throw new Error(`${RULES}: the variable e:file-number (the grammar of decimal file numbers) is missing or no longer of the form ^FILE/PAPER$`);
  }
  const body = declared.slice(1, -1);
  const paper = body.slice(body.indexOf('/') + 1);
  // In running text the space inside a number ("740.0011 European War 1939/…") may be a line break.
  const spaced = body.replace(/ /g, String.raw`\s+`);
  grammar = {
    whole: new RegExp(declared, 'u'),
    inText: new RegExp(String.raw`(?<![\p{L}\p{N}./–-])${spaced}(?![\p{L}\p{N}/½]|[–-]\p{N})`, 'gu'),
    following: new RegExp(String.raw`^(\s*(?:,|;|,?\s+and)\s+)(${paper.replace(/\(/g, '(?:')})(?![\p{L}\p{N}/½.]|[–-]\p{N})`, 'u'),
  };
  return grammar;
}

/** Whether a number follows the grammar and, when it is date-form, names a real date. */
export function isFileNumber(number: string): boolean {
  const m = fileGrammar().whole.exec(number);
  if (!m) return false;
  const [month, day, year] = m.slice(-3);
  return month === undefined || isRealDate(1900 + Number(year), Number(month), Number(day));
}

/** Every decimal file number of a text, and the abbreviated numbers after them. */
export function findFileNumbers(text: string): FileMention[] {
  const { inText, following } = fileGrammar();
  const found: FileMention[] = [];
  inText.lastIndex = 0;
  for (let m = inText.exec(text); m; m = inText.exec(text)) {
    const number = m[0].replace(/\s+/g, ' ');
    if (!isFileNumber(number)) continue;
    found.push({ from: m.index, to: m.index + m[0].length, number, abbreviated: false, confidence: 0.95, evidence: `a decimal file number, "${number}" (the grammar of rule file-number)` });
    // "861.01/11–2144, 2244; …": each abbreviation completes the number before it.
    let previous = number;
    let at = m.index + m[0].length;
    for (let f = following.exec(text.slice(at)); f; f = following.exec(text.slice(at))) {
      const printed = f[2]!;
      const full = expand(previous, printed);
      if (!full) break;
      const from = at + f[1]!.length;
      found.push({ from, to: from + printed.length, number: full, abbreviated: true, confidence: 0.85, evidence: `"${printed}" abbreviates a number of the file after "${previous}": ${full}` });
      previous = full;
      at = from + printed.length;
    }
    inText.lastIndex = at;
  }
  return found;
}

/**
 * A number print abbreviates, completed from the number before it: a paper number of its own
 * ("9–2744") takes the file; day and year ("2244") take the month of a date-form number; digits
 * replace as many last digits of a running number.
 */
function expand(previous: string, printed: string): string | undefined {
  const slash = previous.indexOf('/');
  const file = previous.slice(0, slash);
  const paper = previous.slice(slash + 1);
  let full: string;
  if (/[–-]/.test(printed)) full = `${file}/${printed}`;
  else {
    const dateForm = /^(\d{1,2}[–-])(\d{3,4})$/.exec(paper);
    if (dateForm) full = /^\d{3,4}$/.test(printed) ? `${file}/${dateForm[1]}${printed}` : '';
    else if (/^\d+$/.test(paper) && /^\d+[a-z]?½?$/.test(printed)) {
      const digits = printed.replace(/\D+$/, '');
      full = `${file}/${digits.length < paper.length ? paper.slice(0, paper.length - digits.length) + printed : printed}`;
    } else full = '';
  }
  return full && isFileNumber(full) && full !== previous ? full : undefined;
}
