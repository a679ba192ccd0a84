const ISO_MILLIS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether `value` is an ISO-8601 UTC timestamp with milliseconds (`2026-11-23T10:00:00.000Z`)
 * naming a real instant: timestamps are hashed as text, so exactly one spelling is allowed.
 */
export function isIsoMillisUtc(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_MILLIS_UTC.test(value)) return false;
  // The fields the regex lets through out of range (2026-02-30, 24:00, :60), checked on the
  // digits: every entry hashed or verified passes here, and a Date round trip cost a parse and
  // a format each time.
  const field = (start: number, end: number) => Number(value.slice(start, end));
  const year = field(0, 4);
  const month = field(5, 7);
  const day = field(8, 10);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    field(11, 13) <= 23 &&
    field(14, 16) <= 59 &&
    field(17, 19) <= 59
  );
}

/** Days of `month` (1-12) in the proleptic Gregorian calendar ISO-8601 and Date use. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
