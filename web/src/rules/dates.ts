/**
 * Date and date-time acceptance exactly as the server parses them (.NET
 * `DateOnly.TryParseExact(v, "yyyy-MM-dd")` and `DateTimeOffset.TryParseExact(v,
 * "yyyy-MM-ddTHH:mm:ssK")`, invariant culture), measured on .NET 10 — see notes/requests.md for
 * where this is looser than the README (an offset-less date-time is accepted).
 */

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function validCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD`, a real calendar date in years 0001–9999. */
export function isValidDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!m && validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * `YYYY-MM-DDTHH:mm:ss` followed by `Z`, `±h:mm`, `±hh:mm`, `±hhmm`, or nothing (the server's
 * `K` specifier makes the offset optional). The offset is at most ±14:00 and the instant in UTC
 * must stay within years 0001–9999.
 */
export function isValidDateTime(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|([+-])(?:(\d{1,2}):(\d{2})|(\d{2})(\d{2})))?$/.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  if (m[7] === undefined || m[7] === 'Z') return true;
  const offsetHours = Number(m[9] ?? m[11]);
  const offsetMinutes = Number(m[10] ?? m[12]);
  if (offsetMinutes > 59) return false;
  const offset = (offsetHours * 60 + offsetMinutes) * (m[8] === '-' ? -1 : 1);
  if (Math.abs(offset) > 14 * 60) return false;
  const utcMinutes = minutesSinceYear1(year, month, day, hour, minute) - offset;
  return utcMinutes >= 0 && utcMinutes < MINUTES_UNTIL_YEAR_10000;
}

function daysBeforeYear(year: number): number {
  const y = year - 1;
  return y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
}

function minutesSinceYear1(year: number, month: number, day: number, hour: number, minute: number): number {
  let days = daysBeforeYear(year);
  for (let mo = 1; mo < month; mo++) days += daysInMonth(year, mo);
  days += day - 1;
  return (days * 24 + hour) * 60 + minute;
}

const MINUTES_UNTIL_YEAR_10000 = daysBeforeYear(10000) * 24 * 60;
