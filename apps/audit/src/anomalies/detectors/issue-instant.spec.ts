import { issueInstant } from './issue-instant';

describe(issueInstant.name, () => {
  it('takes an invoice recorded on its issue date (UTC+8) as issued when it was recorded', () => {
    // 2026-12-04T20:30Z is 04:30 on 5 December in China
    const recordedAt = new Date('2026-12-04T20:30:00Z');
    expect(issueInstant('2026-12-05', recordedAt)).toEqual({ at: recordedAt, live: true });
  });

  it('places one recorded days later on its own date, at the time of day it was recorded', () => {
    // 13:45:10.5 in China on 5 December; issued on 1 September: 13:45:10.5 in China that day
    const placed = issueInstant('2026-09-01', new Date('2026-12-05T05:45:10.500Z'));
    expect(placed).toEqual({ at: new Date('2026-09-01T05:45:10.500Z'), live: false });
  });

  it('reads the recording day in China, not in UTC', () => {
    // 23:30 UTC on 4 December is 07:30 on 5 December in China: dated the 4th, it is a day late
    const placed = issueInstant('2026-12-04', new Date('2026-12-04T23:30:00Z'));
    expect(placed).toEqual({ at: new Date('2026-12-03T23:30:00Z'), live: false });
  });
});
