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
  invoiceNumber: '26351000000000000042',
  creditNoteNumber: '26351000000000000043',
  checkCode: '482913',
  entryHash: '3f1c0e8a2b7d4f6e9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071',
  documentNumber: 'INV-2026-000731',
  issueDate: '2026-11-23',
  at: '2026-11-23T08:30:00.000Z',
} as const;
