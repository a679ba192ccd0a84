import { writesTogether } from './sql-statement';

describe(writesTogether.name, () => {
  it('runs each write as a CTE before the last, each parameter still bound to its own value', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    const together = writesTogether(
      [
        { text: 'INSERT INTO a SELECT $1, $2', values: ['a1', 'a2'] },
        {
          text: `INSERT INTO b VALUES (${ten.map((_, i) => `$${i + 1}`).join(', ')})`,
          values: ten,
        },
      ],
      { text: 'INSERT INTO c VALUES ($1) RETURNING id', values: ['c1'] },
    );
    expect(together.text).toBe(
      'WITH w0 AS (INSERT INTO a SELECT $1, $2),\n' +
        'w1 AS (INSERT INTO b VALUES ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12))\n' +
        'INSERT INTO c VALUES ($13) RETURNING id',
    );
    expect(together.values).toEqual(['a1', 'a2', ...ten, 'c1']);
  });

  it('names a write that a later one reads by its name', () => {
    const together = writesTogether(
      [
        { text: 'INSERT INTO a SELECT $1 RETURNING x', values: ['a1'], as: 'added' },
        { text: 'INSERT INTO b SELECT x, $1 FROM added', values: ['b1'] },
      ],
      { text: 'SELECT $1', values: ['c1'] },
    );
    expect(together.text).toBe(
      'WITH added AS (INSERT INTO a SELECT $1 RETURNING x),\n' +
        'w1 AS (INSERT INTO b SELECT x, $2 FROM added)\n' +
        'SELECT $3',
    );
  });

  it('leaves a statement alone when nothing runs with it', () => {
    const last = { text: 'INSERT INTO c VALUES ($1)', values: ['c1'] };
    expect(writesTogether([], last)).toEqual(last);
  });
});
