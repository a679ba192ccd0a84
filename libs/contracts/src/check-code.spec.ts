import { createHash } from 'node:crypto';
import { checkCode } from './check-code';

describe(checkCode.name, () => {
  const hash = 'a'.repeat(64);

  it('is six digits, the same for the same input', () => {
    expect(checkCode('26351000000000000001', hash)).toMatch(/^\d{6}$/);
    expect(checkCode('26351000000000000001', hash)).toBe(checkCode('26351000000000000001', hash));
  });

  it('is the first 8 bytes of the domain-tagged SHA-256, mod 10^6', () => {
    const digest = createHash('sha256')
      .update(`taxchain.check-code.v1\n26351000000000000001\n${hash}`)
      .digest();
    const expected = String(digest.readBigUInt64BE(0) % 1_000_000n).padStart(6, '0');
    expect(checkCode('26351000000000000001', hash)).toBe(expected);
  });

  it('changes with the invoice number and with the document', () => {
    const base = checkCode('26351000000000000001', hash);
    const others = [
      checkCode('26351000000000000002', hash),
      checkCode('26351000000000000001', 'b'.repeat(64)),
    ];
    // A 1-in-10^6 coincidence is possible in principle; these fixed inputs do not hit it.
    expect(others).not.toContain(base);
  });
});
