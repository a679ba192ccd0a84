const ISO_MILLIS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Whether `value` is an ISO-8601 UTC timestamp with milliseconds (`2026-11-23T10:00:00.000Z`)
 * naming a real instant: timestamps are hashed as text, so exactly one spelling is allowed.
 */
export function isIsoMillisUtc(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_MILLIS_UTC.test(value)) return false;
  const time = Date.parse(value);
  // The round trip rejects dates the regex lets through, such as 2026-02-30.
  return Number.isFinite(time) && new Date(time).toISOString() === value;
}
