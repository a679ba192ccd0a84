import {
  canonicalBytes,
  generateSecretKey,
  keyId,
  nativeEd25519,
  nobleEd25519,
  type Ed25519Engine,
} from '@taxchain/ledger';

export interface CryptoResult {
  signPerSecond: { noble: number; native: number };
  verifyPerSecond: { noble: number; native: number };
}

/** Canonical invoices of a realistic size (three lines), as merchants sign them. */
function invoices(count: number, key: string): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    canonicalBytes({
      schema: 'taxchain.invoice.v1',
      kind: 'invoice',
      seller: { taxId: '91310115MA1K4BTX3L', name: '上海测试贸易有限公司' },
      buyer: { taxId: '91440300MA5G0000X1', name: 'Shenzhen Buyer Ltd' },
      documentNumber: `DOC-${i}`,
      issueDate: '2026-11-23',
      currency: 'CNY',
      lines: [1, 2, 3].map((n) => ({
        description: `Item ${n}`,
        quantity: String(n),
        unitPrice: '12.50',
        taxRate: '0.13',
        amount: String(1250 * n),
        tax: String(163 * n),
      })),
      totals: { net: '7500', tax: '978', gross: '8478' },
      keyId: key,
    }),
  );
}

function rate(count: number, work: () => void): number {
  const started = performance.now();
  work();
  return count / ((performance.now() - started) / 1_000);
}

/** Sign and verify per second on one core, for each engine, over the same documents. */
export function cryptoBench(count: number): CryptoResult {
  const secret = generateSecretKey();
  const publicKey = nobleEd25519.publicKeyOf(secret);
  const documents = invoices(count, keyId(publicKey));
  const signatures = documents.map((d) => nativeEd25519.sign(d, secret));
  const measure = (engine: Ed25519Engine) => ({
    sign: rate(count, () => documents.forEach((d) => engine.sign(d, secret))),
    verify: rate(count, () =>
      documents.forEach((d, i) => engine.verify(signatures[i], d, publicKey)),
    ),
  });
  const noble = measure(nobleEd25519);
  const native = measure(nativeEd25519);
  return {
    signPerSecond: { noble: noble.sign, native: native.sign },
    verifyPerSecond: { noble: noble.verify, native: native.verify },
  };
}
