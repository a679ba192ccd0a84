import fc from 'fast-check';
import { isIsoMillisUtc } from './iso-time';

describe(isIsoMillisUtc.name, () => {
  it.each(['2026-11-23T10:00:00.000Z', '2028-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z'])(
    'accepts %s',
    (value) => expect(isIsoMillisUtc(value)).toBe(true),
  );

  it.each([
    '2026-11-23T10:00:00Z',
    '2026-11-23T10:00:00.0000Z',
    '2026-11-23T10:00:00.000+00:00',
    '2026-11-23 10:00:00.000Z',
    '2026-11-23T10:00:00.000z',
    '2026-02-30T10:00:00.000Z',
    '2026-11-23T24:00:00.000Z',
    1700000000000,
  ])('rejects %j', (value) => expect(isIsoMillisUtc(value)).toBe(false));
});

describe(`${isIsoMillisUtc.name} on the calendar`, () => {
  // What Date itself accepts: the instant it parses to is written back as the same text.
  const dateRoundTrips = (value: string) => {
    const time = Date.parse(value);
    return Number.isFinite(time) && new Date(time).toISOString() === value;
  };
  const digits = (width: number, max: number) =>
    fc.integer({ min: 0, max }).map((n) => String(n).padStart(width, '0'));

  it('agrees with a Date round trip on every field, leap years and out-of-range values included', () => {
    fc.assert(
      fc.property(
        fc.oneof(digits(4, 9999), fc.constantFrom('0000', '1900', '2000', '2100', '2400')),
        digits(2, 13),
        digits(2, 32),
        digits(2, 25),
        digits(2, 61),
        digits(2, 61),
        (year, month, day, hour, minute, second) => {
          const value = `${year}-${month}-${day}T${hour}:${minute}:${second}.123Z`;
          expect(isIsoMillisUtc(value)).toBe(dateRoundTrips(value));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it.each(['2024-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '0000-02-29T00:00:00.000Z'])(
    'accepts the leap day %s',
    (value) => expect(isIsoMillisUtc(value)).toBe(true),
  );

  it.each(['2100-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-13-01T00:00:00.000Z'])(
    'rejects the day that does not exist %s',
    (value) => expect(isIsoMillisUtc(value)).toBe(false),
  );
});
