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
