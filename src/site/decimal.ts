/**
 * What a State Department Central Decimal File number says, read by the 1910–49 scheme as the
 * National Archives describe it (see /work/shared/facts/decimal-files.md): only what those facts
 * establish is decoded. A part they do not explain (a class 9, a country number not in the list,
 * a subject number other than .00, a suffix like 118a, any number of the 1950–63 scheme) is shown
 * as printed and left undecoded.
 */

const CLASSES: Record<string, string> = {
  '0': 'general',
  '1': 'administration of the U.S. Government',
  '2': 'extradition',
  '3': 'protection of interests',
  '4': 'claims',
  '5': 'international conferences and organisations',
  '6': 'commerce',
  '7': 'political relations of states',
  '8': 'internal affairs of states',
};

const COUNTRIES: Record<string, string> = {
  '11': 'United States',
  '16': 'El Salvador',
  '22': 'Ecuador',
  '24': 'Bolivia',
  '25': 'Chile',
  '31': 'Venezuela',
  '33': 'Uruguay',
  '37': 'Cuba',
  '38': 'Haiti',
  '54': 'Switzerland',
  '61': 'Russia / Soviet Union',
  '62': 'Germany',
};

/** Subject numbers of class 8 that the facts give. */
const SUBJECTS: Record<string, string> = { '00': 'political affairs' };

/** Files known by name. */
const NAMED: Record<string, string> = { '740.0011 European War 1939': 'the main Second World War file' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** One part of a number and what it means, or no meaning when it is not decoded. */
export interface Part {
  part: string;
  what: string;
  meaning?: string;
}

export interface DecodedFile {
  /** The file: the number before the slash ("724.61"). */
  file: string;
  /** The paper within it: what follows the slash ("9–2744"), if anything. */
  paper?: string;
  fileParts: Part[];
  paperPart?: Part;
  /** The paper's date, from a date-form number, as ISO and as text. */
  date?: { iso: string; text: string };
  /** The time segment of the central files the paper's date falls in. */
  segment?: string;
}

export function decodeFileNumber(number: string): DecodedFile {
  const slash = number.indexOf('/');
  const file = (slash < 0 ? number : number.slice(0, slash)).trim();
  const paper = slash < 0 ? undefined : number.slice(slash + 1).trim() || undefined;
  const date = paper ? paperDate(paper) : undefined;
  const decoded: DecodedFile = { file, paper, fileParts: [], date, segment: date && segment(Number(date.iso.slice(0, 4))) };
  if (paper) {
    decoded.paperPart = date
      ? { part: paper, what: 'date-form number', meaning: `dated ${date.text}` }
      : /^\d+$/.test(paper)
        ? { part: paper, what: 'running number', meaning: `paper no. ${Number(paper)} in the file` }
        : { part: paper, what: 'paper number' };
  }
  // The scheme of 1910–49 only: a date-form number of 1950 or later belongs to the renumbered scheme.
  if (date && Number(date.iso.slice(0, 4)) >= 1950) {
    decoded.fileParts.push({ part: file, what: 'file number (1950–63 scheme, not decoded)' });
    return decoded;
  }
  if (NAMED[file]) {
    decoded.fileParts.push({ part: file, what: 'file', meaning: NAMED[file] });
    return decoded;
  }
  const m = /^(\d)(\d{2})(?:\.(\d+))?/.exec(file);
  if (!m) {
    decoded.fileParts.push({ part: file, what: 'file number (not decoded)' });
    return decoded;
  }
  const [, cls, country, after] = m as unknown as [string, string, string, string | undefined];
  decoded.fileParts.push({ part: cls, what: 'class', meaning: CLASSES[cls] });
  decoded.fileParts.push({ part: country, what: 'country', meaning: COUNTRIES[country] });
  if (after !== undefined) {
    if (cls === '7' && after.length === 2) decoded.fileParts.push({ part: `.${after}`, what: 'second country', meaning: COUNTRIES[after] });
    else if (cls === '8') decoded.fileParts.push({ part: `.${after}`, what: 'subject', meaning: SUBJECTS[after] });
    else decoded.fileParts.push({ part: `.${after}`, what: 'after the point' });
  }
  return decoded;
}

/** "9–2744" → September 27, 1944: month, day and the year's last two digits (19xx), if a real date. */
function paperDate(paper: string): DecodedFile['date'] {
  const m = /^(\d{1,2})[–-](\d{1,2})(\d{2})$/.exec(paper);
  if (!m) return undefined;
  const [month, day, year] = [Number(m[1]), Number(m[2]), 1900 + Number(m[3])];
  const real = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day || year < 1910) return undefined;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { iso, text: `${MONTHS[month - 1]} ${day}, ${year}` };
}

/** The time segments of the central files (Record Group 59). */
function segment(year: number): string | undefined {
  const segments: [number, number, string][] = [[1910, 1929, '1910–29'], [1930, 1939, '1930–39'], [1940, 1944, '1940–44'], [1945, 1949, '1945–49'], [1950, 1954, '1950–54'], [1955, 1959, '1955–59'], [1960, 1963, '1960–January 1963']];
  return segments.find(([from, to]) => year >= from && year <= to)?.[2];
}

/** "Political relations of states: Bolivia (24) and Russia / Soviet Union (61)": the file's meaning in a phrase, where it is known. */
export function fileSummary(decoded: DecodedFile): string | undefined {
  const [cls, country, after] = decoded.fileParts;
  if (decoded.fileParts.length === 1) return cls?.meaning;
  if (!cls?.meaning) return undefined;
  const name = (p: Part | undefined) => (p?.meaning ? `${p.meaning} (${p.part.replace(/^\./, '')})` : undefined);
  const first = name(country);
  if (!first) return capitalise(cls.meaning);
  if (cls.part === '7' && after?.what === 'second country') {
    const second = name(after);
    return `${capitalise(cls.meaning)}: ${first} and ${second ?? `country ${after.part.slice(1)} (not decoded)`}`;
  }
  if (cls.part === '8') return `${capitalise(cls.meaning)}: ${first}${after?.meaning ? `, ${after.meaning}` : ''}`;
  return `${capitalise(cls.meaning)}: ${first}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
