/**
 * Worked values for the OpenAPI examples of the merchant API. The key signature is by the demo
 * secret key 0x01…01 (32 bytes of 1); its key id is the first 16 bytes of SHA-256(publicKey).
 */
export const EXAMPLE = {
  sellerTaxId: '91350100M000100Y43',
  buyerTaxId: '91110000802100433B',
  publicKey: '8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c',
  keyId: '34750f98bd59fcfc946da45aaabe933b',
  /** Over the key document of publicKey for sellerTaxId (proof of possession). */
  keySignature:
    'd0acf1048e3d21e31659a6a3fd4ccd6ec9136f30817bf84248dde3f34902b9cdb9eccce1f80d1019a5e2c767c0f24182256a039e68006c850f12e87457ccfe05',
  /** Over the canonical JSON of EXAMPLE_INVOICE. */
  invoiceSignature:
    '83271e7cf9821b7fac56767387e494dd014d2a0115a09c9998e057035c29e1b2ff480e973a3e0313e1f244ef41aeaacd3cebe3149614d4f355ae6b71a73bf30f',
  /** Over the canonical JSON of EXAMPLE_VOID. */
  voidSignature:
    '46c5f789c162d6abff990351079d304d96d3bd34575ad9f16b9ea727af63b47984b8e9b6ed0c32a411c53b420977f0535d78176f3e1519163f39bae44f42e100',
  invoiceNumber: '26351000000000000042',
  creditNoteNumber: '26351000000000000043',
  /** checkCode(invoiceNumber, SHA-256 of the canonical example invoice). */
  checkCode: '080755',
  entryHash: '3f1c0e8a2b7d4f6e9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071',
  documentNumber: 'INV-2026-000731',
  issueDate: '2026-11-23',
  at: '2026-11-23T08:30:00.000Z',
} as const;

/** A complete invoice: 3 × 12.50 = 3750 fen, tax round_half_up(3750 × 0.13 = 487.5) = 488. */
export const EXAMPLE_INVOICE = {
  schema: 'taxchain.invoice.v1',
  kind: 'invoice',
  seller: { taxId: EXAMPLE.sellerTaxId, name: 'Fuzhou Harbour Tea Trading Co., Ltd.' },
  buyer: { taxId: EXAMPLE.buyerTaxId, name: 'Beijing Office Supplies Co.' },
  documentNumber: EXAMPLE.documentNumber,
  issueDate: EXAMPLE.issueDate,
  currency: 'CNY',
  lines: [
    {
      description: 'Wuyi rock tea, 250 g tin',
      quantity: '3',
      unitPrice: '12.50',
      taxRate: '0.13',
      amount: '3750',
      tax: '488',
    },
  ],
  totals: { net: '3750', tax: '488', gross: '4238' },
  keyId: EXAMPLE.keyId,
} as const;

export const EXAMPLE_VOID = {
  schema: 'taxchain.void.v1',
  invoiceNumber: EXAMPLE.invoiceNumber,
  sellerTaxId: EXAMPLE.sellerTaxId,
  reason: 'issued to the wrong buyer',
  keyId: EXAMPLE.keyId,
} as const;
