import { runPace, type VerificationRun } from './verification-run';

const run = (overrides: Partial<VerificationRun>): VerificationRun => ({
  id: 'r',
  state: 'running',
  done: 0,
  total: 1_000,
  startedBy: 'c',
  startedAt: new Date('2026-11-23T10:00:00.000Z'),
  finishedAt: null,
  result: null,
  ...overrides,
});

describe(runPace.name, () => {
  const now = new Date('2026-11-23T10:00:04.000Z');

  it('is unknown before anything is verified', () => {
    expect(runPace(run({}), now)).toEqual({ rate: null, etaSeconds: null });
  });

  it('extrapolates the rate so far', () => {
    // 400 entries in 4 s: 100/s, and 600 left: 6 s
    expect(runPace(run({ done: 400 }), now)).toEqual({ rate: 100, etaSeconds: 6 });
  });

  it('has nothing left once finished', () => {
    const finishedAt = new Date('2026-11-23T10:00:02.000Z');
    expect(runPace(run({ state: 'done', done: 1_000, finishedAt }), now)).toEqual({
      rate: 500,
      etaSeconds: 0,
    });
  });
});
