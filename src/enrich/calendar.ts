/** Calendar arithmetic on ISO 8601 dates of three precisions (YYYY, YYYY-MM, YYYY-MM-DD). */

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Month names as FRUS prints them, whole or abbreviated ("Sept."), lowercased → 1–12. */
export const MONTH_NUMBERS: ReadonlyMap<string, number> = new Map([
  ...MONTHS.map((m, i) => [m, i + 1] as const),
  ...(['jan.', 'feb.', 'mar.', 'apr.', '', 'jun.', 'jul.', 'aug.', 'sept.', 'oct.', 'nov.', 'dec.'] as const).flatMap((m, i) => (m ? [[m, i + 1] as const] : [])),
  ['sep.', 9],
]);

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether the day exists: February 30 does not, nor February 29 of 1943. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function iso(year: number, month?: number, day?: number): string {
  const y = String(year).padStart(4, '0');
  if (month === undefined) return y;
  const m = `${y}-${String(month).padStart(2, '0')}`;
  return day === undefined ? m : `${m}-${String(day).padStart(2, '0')}`;
}

/** A date of any precision as the range of days it covers, in days since the epoch. */
export function dayRange(value: string): [number, number] | undefined {
  const m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : undefined;
  const day = m[3] ? Number(m[3]) : undefined;
  const first = Date.UTC(year, (month ?? 1) - 1, day ?? 1);
  const last = Date.UTC(year, month === undefined ? 11 : month - 1, day ?? (month === undefined ? 31 : daysInMonth(year, month)));
  return [first / 86_400_000, last / 86_400_000];
}

/** A day count back to its parts. */
export function fromDays(days: number): { year: number; month: number; day: number } {
  const d = new Date(days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
