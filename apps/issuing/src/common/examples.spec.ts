import { checkCode, type InvoiceDocument } from '@taxchain/contracts';
import { canonicalBytes, fromHex, keyId, nobleEd25519, payloadHash, toHex } from '@taxchain/ledger';
import { checkInvoiceRules, DEFAULT_TAX_RATES } from '../invoices/invoice-rules';
import { EXAMPLE, EXAMPLE_INVOICE, EXAMPLE_VOID } from './examples';

/** The OpenAPI examples are worked, not decorative: a client can check each one. */
describe('OpenAPI examples', () => {
  const publicKey = fromHex(EXAMPLE.publicKey);
  const verifies = (signature: string, document: unknown) =>
    nobleEd25519.verify(fromHex(signature), canonicalBytes(document), publicKey);

  it('name the demo key by its key id', () => {
    expect(toHex(nobleEd25519.publicKeyOf(new Uint8Array(32).fill(1)))).toBe(EXAMPLE.publicKey);
    expect(keyId(publicKey)).toBe(EXAMPLE.keyId);
  });

  it('carry signatures that verify', () => {
    const keyDocument = {
      schema: 'taxchain.key.v1',
      taxId: EXAMPLE.sellerTaxId,
      keyId: EXAMPLE.keyId,
      publicKey: EXAMPLE.publicKey,
    };
    expect(verifies(EXAMPLE.keySignature, keyDocument)).toBe(true);
    expect(verifies(EXAMPLE.invoiceSignature, EXAMPLE_INVOICE)).toBe(true);
    expect(verifies(EXAMPLE.voidSignature, EXAMPLE_VOID)).toBe(true);
  });

  it('show an invoice that passes the rules, with its check code', () => {
    const invoice = structuredClone(EXAMPLE_INVOICE) as unknown as InvoiceDocument;
    expect(() =>
      checkInvoiceRules(invoice, { taxRates: DEFAULT_TAX_RATES, today: EXAMPLE.issueDate }),
    ).not.toThrow();
    expect(checkCode(EXAMPLE.invoiceNumber, toHex(payloadHash(invoice)))).toBe(EXAMPLE.checkCode);
  });
});
