import { createHmac } from 'node:crypto';
import { EXPENSE_SALT_BYTES, expenseCommitment, newExpenseSalt } from './expense-commitment';

describe(expenseCommitment.name, () => {
  it('is HMAC-SHA256 keyed with the salt over the UTF-8 reference, as an independent HMAC computes it', () => {
    const salt = '01'.repeat(EXPENSE_SALT_BYTES);
    const reference = 'EXP-2026-11-0042 差旅';
    const expected = createHmac('sha256', Buffer.from(salt, 'hex'))
      .update(reference, 'utf8')
      .digest('hex');
    expect(expenseCommitment(salt, reference)).toBe(expected);
  });

  it('gives the worked example of docs/spec/documents.md', () => {
    expect(expenseCommitment('01'.repeat(32), 'EXP-2026-11-0042')).toBe(
      '2249aafd856a319328e1ac74c2e4d42312bfd91d6960e376b73e3393add9d829',
    );
  });

  it('differs per salt, so equal references are not linkable across claims', () => {
    const [a, b] = [newExpenseSalt(), newExpenseSalt()];
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(expenseCommitment(a, 'EXP-1')).not.toBe(expenseCommitment(b, 'EXP-1'));
  });
});
