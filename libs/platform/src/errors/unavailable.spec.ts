import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isUnavailable } from './unavailable';

describe(isUnavailable.name, () => {
  it('treats a query runner released by a lost connection as unavailable (503), not a bug (500)', () => {
    expect([
      isUnavailable(new QueryRunnerAlreadyReleasedError()),
      isUnavailable(new QueryRunnerProviderAlreadyReleasedError()),
    ]).toEqual([true, true]);
  });

  it('treats a server shutdown and a refused connection as unavailable', () => {
    const shutdown = Object.assign(new Error('terminating connection'), { code: '57P01' });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect([isUnavailable(shutdown), isUnavailable(refused)]).toEqual([true, true]);
  });

  it('leaves other errors to the 500 path', () => {
    const constraint = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect([isUnavailable(constraint), isUnavailable(new TypeError('x is undefined'))]).toEqual([
      false,
      false,
    ]);
  });
});
